#!/usr/bin/env bash
# Gateway benchmark: startup time, proxy throughput (direct / gateway / nginx) and idle memory
# of `bookstored`, measured in one run so the ratios compare like with like.
#
#   bash bench/gateway.sh
#
# Needs: a Rust toolchain, curl, wrk. Optional: nginx (the nginx comparison), PostgreSQL on
# 127.0.0.1:5432 (user postgres) and RabbitMQ on 127.0.0.1:5672 (guest/guest) for the split
# processes' memory. Everything it starts listens on 127.0.0.1 ports 18080-18085 (embedded),
# 18090 (nginx) and 18180-18185 (split), keeps its files in a temp dir, and is stopped on exit. See bench/README.md for what the numbers mean.
#
# Knobs (environment):
#   BENCH_DURATION=10s     each measured wrk run          BENCH_WARMUP=2s   each warm-up run
#   BENCH_THREADS=2        wrk threads                    BENCH_CONNECTIONS=32  wrk connections
#   BENCH_ROUNDS=1         direct/gateway/nginx rounds, the median is reported
#   BENCH_STARTS=3         starts timed per case (fresh / existing data dir), the median is reported
#   BENCH_IDLE=3           seconds of idle before reading RSS
#   BENCH_NGINX_WORKERS=auto   nginx worker_processes
#   BENCH_SKIP_BUILD=1     use target/release binaries as they are
#   BENCH_NO_SPLIT=1       skip the PostgreSQL/RabbitMQ split-process measurement
#   BENCH_NO_RESULTS=1     print the table only, do not write bench/results/<date>.md
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432     BENCH_AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2f
#   BENCH_COMMIT=...       what to record as the commit (e.g. when run from a `git archive` export)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
ROUNDS=${BENCH_ROUNDS:-1}
STARTS=${BENCH_STARTS:-3}
IDLE=${BENCH_IDLE:-3}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-auto}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
AMQP_URL=${BENCH_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/%2f}
BENCH_DB_PREFIX=bookstore_bench_

# Every service gets a port off the defaults: 1808x embedded, 1818x split (x as in 808x).
SERVICES_ALL=(gateway user catalog order payment notification)
declare -A OFFSET=([gateway]=0 [user]=1 [catalog]=2 [order]=3 [payment]=4 [notification]=5)
emb_addr() { echo "127.0.0.1:$((18080 + OFFSET[$1]))"; }
split_addr() { echo "127.0.0.1:$((18180 + OFFSET[$1]))"; }
GW_ADDR=$(emb_addr gateway)
USER_ADDR=$(emb_addr user)
NGINX_ADDR=127.0.0.1:18090
SPLIT_GW_ADDR=$(split_addr gateway)
ADMIN_EMAIL=bench-admin@bookstore.local
ADMIN_PASSWORD=bench-password-$RANDOM$RANDOM
ME=/api/v1/users/me

BOOKSTORED=$ROOT/target/release/bookstored
BOOKSTORE=$ROOT/target/release/bookstore

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Cleanup: every process this script starts is recorded here and stopped on exit.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bookstore-bench.XXXXXX")
PIDS=()
NGINX_PID=
SPLIT_DB_CREATED=

stop_pid() { # pid [signal]: stop one process we started and wait for it (15 s, then KILL)
    local pid=$1 sig=${2:-TERM} i
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -"$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop in 15 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
}

forget_pid() { # drop a stopped process from PIDS, so cleanup never signals a reused pid
    local p kept=()
    for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || kept+=("$p"); done
    PIDS=("${kept[@]}")
}

cleanup() {
    local status=$?
    set +e
    [[ -n $NGINX_PID ]] && stop_pid "$NGINX_PID" QUIT
    local pid
    for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
    if [[ -n $SPLIT_DB_CREATED ]]; then drop_bench_dbs; fi
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SPLIT_SERVICES=()  # the split processes other than the gateway (set below)
drop_bench_dbs() {
    local svc
    for svc in "${SPLIT_SERVICES[@]}"; do
        psql "$PG_URL/postgres" -qAt -v ON_ERROR_STOP=1 \
            -c "DROP DATABASE IF EXISTS $BENCH_DB_PREFIX$svc WITH (FORCE)" >/dev/null 2>&1 \
            || log "could not drop database $BENCH_DB_PREFIX$svc"
    done
}

# ---------------------------------------------------------------------------------------------
# Small helpers.
now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

median() { # numbers on the arguments -> their median (the lower middle one for an even count)
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

median_max() { printf '%s\n' "$@" | sort -g | tail -n1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

port_free() { ! (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }

tcp_open() { (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mem_cell() { # pid -> "VmRSS (anon A, file F)" in MiB
    printf '%s (%s + %s)' "$(mib "$(rss_kib "$1")")" \
        "$(mib "$(status_field "$1" RssAnon)")" "$(mib "$(status_field "$1" RssFile)")"
}

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # pids... -> user + system clock ticks of those processes, all their threads
    local pid total=0 t
    for pid in "$@"; do
        t=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
        total=$((total + t))
    done
    echo "$total"
}
us_per_req() { awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" 'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "n/a" }'; }

wait_ready() { # url pid timeout_s -> 0 when url answers 200; polls every 10 ms
    local url=$1 pid=$2 deadline=$(( $(date +%s) + $3 ))
    until curl -fso /dev/null --max-time 1 "$url"; do
        kill -0 "$pid" 2>/dev/null || return 1
        (( $(date +%s) < deadline )) || return 1
        sleep 0.01
    done
}

# ---------------------------------------------------------------------------------------------
# 1. Binaries and tools.
command -v curl >/dev/null || die "curl is needed"
WRK=$(command -v wrk || true)
[[ -n $WRK ]] || die "wrk is needed (Debian: apt-get install wrk)"
NGINX=$(command -v nginx || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true)

if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    log "building release binaries"
    (cd "$ROOT" && cargo build --release --quiet --bin bookstored --bin bookstore)
fi
[[ -x $BOOKSTORED && -x $BOOKSTORE ]] || die "no release binaries in $ROOT/target/release"

for svc in "${SERVICES_ALL[@]}"; do
    for addr in "$(emb_addr "$svc")" "$(split_addr "$svc")"; do
        port_free "$addr" || die "$addr is already in use (another bench running?)"
    done
done
port_free "$NGINX_ADDR" || die "$NGINX_ADDR is already in use (another bench running?)"

# The services this build has besides the user service and the gateway: a service that is not
# in the build is refused at once ("not part of this build"); one that is stops at the missing
# broker URL before it binds anything.
EXTRA_SERVICES=()
for svc in catalog order payment notification; do
    refusal=$(env -u BOOKSTORE_AMQP_URL -u BOOKSTORE_DATABASE_URL "$BOOKSTORED" "$svc" 2>&1 >/dev/null || true)
    [[ $refusal == *"not part of this build"* ]] || EXTRA_SERVICES+=("$svc")
done
log "services in this build: user gateway ${EXTRA_SERVICES[*]}"

# Where each service listens in the embedded process (those not in the build are ignored).
emb_listen=()
for svc in "${SERVICES_ALL[@]}"; do emb_listen+=("BOOKSTORE_${svc^^}_LISTEN=$(emb_addr "$svc")"); done

# Every bookstored of this run: its own ports, admin, no rate limit (the load comes from one
# user), JSON logs to a file, tokens that outlive the run.
store_env=(
    BOOKSTORE_ADMIN_EMAIL="$ADMIN_EMAIL"
    BOOKSTORE_ADMIN_PASSWORD="$ADMIN_PASSWORD"
    BOOKSTORE_GATEWAY_RATE_LIMIT=0
    BOOKSTORE_ACCESS_TOKEN_TTL=1h
    BOOKSTORE_LOG=info
    BOOKSTORE_LOG_FORMAT=json
)

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# 2. Startup: spawn the embedded store and poll the gateway's /readyz every 10 ms.
STORE_PID=
start_embedded() { # data_dir log -> sets STORE_PID and START_MS
    local data=$1 logf=$2 t0
    t0=$(now_ns)
    env "${store_env[@]}" "${emb_listen[@]}" \
        BOOKSTORE_DATA_DIR="$data" \
        "$BOOKSTORED" >"$logf.out" 2>"$logf" &
    STORE_PID=$!
    PIDS+=("$STORE_PID")
    wait_ready "http://$GW_ADDR/readyz" "$STORE_PID" 30 \
        || { tail -n 20 "$logf" >&2; die "bookstored did not become ready (log above)"; }
    START_MS=$(ms_since "$t0")
}

own_startup_ms() { grep -o '"startup_ms":[0-9]*' "$1" | tail -n1 | cut -d: -f2; }

fresh_wall=() fresh_own=() again_wall=() again_own=()
for ((s = 1; s <= STARTS; s++)); do
    data=$TMP/data-$s
    start_embedded "$data" "$TMP/fresh-$s.log"
    fresh_wall+=("$START_MS"); fresh_own+=("$(own_startup_ms "$TMP/fresh-$s.log")")
    if ((s == STARTS)); then
        # Memory right after a first start, which also created (hashed) the admin's password.
        sleep "$IDLE"
        EMB_MEM_FRESH=$(mem_cell "$STORE_PID"); EMB_RSS_FRESH=$(rss_kib "$STORE_PID")
        EMB_THREADS_FRESH=$(status_field "$STORE_PID" Threads)
    fi
    stop_pid "$STORE_PID"
    start_embedded "$data" "$TMP/again-$s.log"
    again_wall+=("$START_MS"); again_own+=("$(own_startup_ms "$TMP/again-$s.log")")
    # The last store started stays up for the load.
    if ((s < STARTS)); then stop_pid "$STORE_PID"; fi
done
FRESH_MS=$(median "${fresh_wall[@]}"); FRESH_OWN=$(median "${fresh_own[@]}")
AGAIN_MS=$(median "${again_wall[@]}"); AGAIN_OWN=$(median "${again_own[@]}")
log "startup: fresh ${fresh_wall[*]} ms, existing data dir ${again_wall[*]} ms"

EMBEDDED_PID=$STORE_PID
sleep "$IDLE"
EMB_RSS_START=$(rss_kib "$EMBEDDED_PID")
EMB_MEM_START=$(mem_cell "$EMBEDDED_PID")
EMB_THREADS=$(status_field "$EMBEDDED_PID" Threads)

# ---------------------------------------------------------------------------------------------
# 3. A token, through the CLI as a user would get one; logging out afterwards clears the
# stored login (keyring or file) and revokes the refresh token; the access token stays valid.
login() { # gateway_url config_dir -> prints the access token
    local gw=$1 cfg=$2 token
    mkdir -p "$cfg"
    printf '%s' "$ADMIN_PASSWORD" | BOOKSTORE_CONFIG_DIR="$cfg" "$BOOKSTORE" --gateway "$gw" -q \
        auth login --email "$ADMIN_EMAIL" --password-stdin >/dev/null 2>"$cfg/login.err" \
        || { cat "$cfg/login.err" >&2; die "bookstore auth login failed"; }
    token=$(BOOKSTORE_CONFIG_DIR="$cfg" "$BOOKSTORE" --gateway "$gw" auth token)
    BOOKSTORE_CONFIG_DIR="$cfg" "$BOOKSTORE" --gateway "$gw" -q auth logout >/dev/null 2>&1 || true
    printf '%s' "$token"
}
TOKEN=$(login "http://$GW_ADDR" "$TMP/cli")
[[ -n $TOKEN ]] || die "no token"

# ---------------------------------------------------------------------------------------------
# 4. nginx in front of the same user service.
NGINX_NOTE="not installed"
if [[ -n $NGINX ]]; then
    ngx=$TMP/nginx
    mkdir -p "$ngx/logs"
    cat >"$ngx/nginx.conf" <<EOF
daemon off;
worker_processes $NGINX_WORKERS;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $ngx/body;
    proxy_temp_path $ngx/proxy;
    fastcgi_temp_path $ngx/fastcgi;
    uwsgi_temp_path $ngx/uwsgi;
    scgi_temp_path $ngx/scgi;
    upstream bookstore_user {
        server $USER_ADDR;
        keepalive 64;
    }
    server {
        listen $NGINX_ADDR;
        location / {
            proxy_pass http://bookstore_user;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # The same forwarding headers the gateway sets.
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto http;
            proxy_set_header X-Forwarded-Host \$host;
            proxy_set_header X-Request-Id \$request_id;
        }
    }
}
EOF
    "$NGINX" -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/logs/error.log" &
    NGINX_PID=$!
    wait_ready "http://$NGINX_ADDR/healthz" "$NGINX_PID" 10 \
        || { cat "$ngx/logs/error.log" >&2; die "nginx did not start (log above)"; }
    NGINX_NOTE="worker_processes $NGINX_WORKERS ($(pgrep -c -P "$NGINX_PID" || true) workers), upstream keepalive 64"
fi

# ---------------------------------------------------------------------------------------------
# 5. Load: the same authenticated GET on each path.
declare -A URL=( [direct]="http://$USER_ADDR$ME" [gateway]="http://$GW_ADDR$ME" )
PATHS=(direct gateway)
if [[ -n $NGINX_PID ]]; then URL[nginx]="http://$NGINX_ADDR$ME"; PATHS+=(nginx); fi

reference=$(curl -fsS -H "Authorization: Bearer $TOKEN" "${URL[direct]}") \
    || die "GET $ME directly failed"
for p in "${PATHS[@]}"; do
    body=$(curl -fsS -H "Authorization: Bearer $TOKEN" "${URL[$p]}") || die "GET $ME via $p failed"
    [[ $body == "$reference" ]] || die "GET $ME via $p answered differently: $body"
done

to_ms() { # wrk latency (123.45us, 1.20ms, 1.01s) -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000
        printf "%.3f", n }'
}

CPU_A=() CPU_B=()  # the processes whose CPU time run_wrk measures per request
run_wrk() { # path duration out_file -> sets WRK_REQS, CPU_A_TICKS, CPU_B_TICKS
    local a0 b0
    a0=$(cpu_ticks "${CPU_A[@]}"); b0=$(cpu_ticks "${CPU_B[@]}")
    "$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency \
        -H "Authorization: Bearer $TOKEN" "${URL[$1]}" >"$3"
    CPU_A_TICKS=$(( $(cpu_ticks "${CPU_A[@]}") - a0 )); CPU_B_TICKS=$(( $(cpu_ticks "${CPU_B[@]}") - b0 ))
    WRK_REQS=$(awk '/ requests in / { print $1 }' "$3")
    if grep -qE 'Non-2xx|Socket errors' "$3"; then
        cat "$3" >&2
        die "wrk against $1 saw errors (above)"
    fi
}

# CPU per request: bookstored (A) and nginx master + workers (B), from /proc/PID/stat.
CPU_A=("$EMBEDDED_PID")
if [[ -n $NGINX_PID ]]; then mapfile -t CPU_B < <(echo "$NGINX_PID"; pgrep -P "$NGINX_PID"); fi
declare -A RPS P50 P99 CPUA CPUB
for p in "${PATHS[@]}"; do RPS[$p]=""; P50[$p]=""; P99[$p]=""; CPUA[$p]=""; CPUB[$p]=""; done
for ((r = 1; r <= ROUNDS; r++)); do
    for p in "${PATHS[@]}"; do
        out=$TMP/wrk-$p-$r.txt
        log "round $r/$ROUNDS: $p (warm-up $WARMUP, then $DURATION)"
        run_wrk "$p" "$WARMUP" "$out.warmup"
        run_wrk "$p" "$DURATION" "$out"
        RPS[$p]+=" $(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$out")"
        P50[$p]+=" $(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
        P99[$p]+=" $(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
        CPUA[$p]+=" $(us_per_req "$CPU_A_TICKS" "$WRK_REQS")"
        CPUB[$p]+=" $(us_per_req "$CPU_B_TICKS" "$WRK_REQS")"
    done
done
declare -A M_RPS M_P50 M_P99 M_CPUA M_CPUB
for p in "${PATHS[@]}"; do
    read -ra v <<<"${RPS[$p]}"; M_RPS[$p]=$(median "${v[@]}")
    read -ra v <<<"${P50[$p]}"; M_P50[$p]=$(median "${v[@]}")
    read -ra v <<<"${P99[$p]}"; M_P99[$p]=$(median "${v[@]}")
    read -ra v <<<"${CPUA[$p]}"; M_CPUA[$p]=$(median "${v[@]}")
    read -ra v <<<"${CPUB[$p]}"; M_CPUB[$p]=$(median "${v[@]}")
    log "$p: req/s${RPS[$p]}; p50 ms${P50[$p]}; p99 ms${P99[$p]}; bookstored CPU us/req${CPUA[$p]}; nginx CPU us/req${CPUB[$p]}"
done

NGINX_RSS=
if [[ -n $NGINX_PID ]]; then
    NGINX_RSS=$(( $(rss_kib "$NGINX_PID") + $(pgrep -P "$NGINX_PID" | while read -r w; do rss_kib "$w"; done | awk '{ s += $1 } END { print s + 0 }') ))
    stop_pid "$NGINX_PID" QUIT
    NGINX_PID=
fi

sleep "$IDLE"
EMB_RSS_LOAD=$(rss_kib "$EMBEDDED_PID")
EMB_MEM_LOAD=$(mem_cell "$EMBEDDED_PID")
EMB_THREADS_LOAD=$(status_field "$EMBEDDED_PID" Threads)
stop_pid "$EMBEDDED_PID"

# ---------------------------------------------------------------------------------------------
# 6. Split processes on PostgreSQL and RabbitMQ: idle RSS of each.
SPLIT_NOTE=
SPLIT_ROWS=
ALL_RSS=()
if [[ ${BENCH_NO_SPLIT:-} == 1 ]]; then
    SPLIT_NOTE="skipped (BENCH_NO_SPLIT=1)"
elif ! tcp_open 127.0.0.1:5432 || ! tcp_open 127.0.0.1:5672; then
    SPLIT_NOTE="skipped: PostgreSQL (127.0.0.1:5432) or RabbitMQ (127.0.0.1:5672) not reachable"
elif ! command -v psql >/dev/null; then
    SPLIT_NOTE="skipped: psql is needed to drop the bench databases afterwards"
else
    SPLIT_SERVICES=(user "${EXTRA_SERVICES[@]}")
    drop_bench_dbs # leftovers of an interrupted run
    SPLIT_DB_CREATED=1
    split_env=(
        "${store_env[@]}"
        BOOKSTORE_DATA_DIR="$TMP/split-data"
        BOOKSTORE_DATABASE_URL="$PG_URL/postgres"
        BOOKSTORE_AMQP_URL="$AMQP_URL"
        BOOKSTORE_SERVICE_TOKEN="bench-service-token-$RANDOM$RANDOM$RANDOM"
    )
    for svc in "${SERVICES_ALL[@]}"; do split_env+=("BOOKSTORE_${svc^^}_URL=http://$(split_addr "$svc")"); done
    for svc in "${SPLIT_SERVICES[@]}"; do split_env+=("BOOKSTORE_${svc^^}_DATABASE_URL=$PG_URL/$BENCH_DB_PREFIX$svc"); done
    declare -A SPID
    for svc in "${SPLIT_SERVICES[@]}" gateway; do # the user service first: the others fetch its keys
        env "${split_env[@]}" "BOOKSTORE_${svc^^}_LISTEN=$(split_addr "$svc")" \
            "$BOOKSTORED" "$svc" >"$TMP/split-$svc.out" 2>"$TMP/split-$svc.log" &
        SPID[$svc]=$!; PIDS+=("${SPID[$svc]}")
        wait_ready "http://$(split_addr "$svc")/readyz" "${SPID[$svc]}" 60 \
            || { tail -n 20 "$TMP/split-$svc.log" >&2; die "bookstored $svc did not become ready (log above)"; }
    done
    sleep "$IDLE"
    declare -A S_MEM_START S_THREADS_START S_MEM_LOAD S_THREADS_LOAD
    for svc in "${SPLIT_SERVICES[@]}" gateway; do
        S_MEM_START[$svc]=$(mem_cell "${SPID[$svc]}"); S_THREADS_START[$svc]=$(status_field "${SPID[$svc]}" Threads)
        ALL_RSS+=("$(rss_kib "${SPID[$svc]}")")
    done

    # A short load through the split gateway, so the idle numbers after it include what
    # serving traffic leaves behind (pools, buffers, caches).
    TOKEN=$(login "http://$SPLIT_GW_ADDR" "$TMP/cli-split")
    [[ -n $TOKEN ]] || die "no token from the split gateway"
    URL[split]="http://$SPLIT_GW_ADDR$ME"
    log "split: gateway -> user on PostgreSQL (warm-up $WARMUP, then $DURATION)"
    CPU_A=("${SPID[gateway]}"); CPU_B=("${SPID[user]}")
    run_wrk split "$WARMUP" "$TMP/wrk-split.txt.warmup"
    run_wrk split "$DURATION" "$TMP/wrk-split.txt"
    SPLIT_GW_CPU=$(us_per_req "$CPU_A_TICKS" "$WRK_REQS"); SPLIT_USER_CPU=$(us_per_req "$CPU_B_TICKS" "$WRK_REQS")
    SPLIT_RPS=$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$TMP/wrk-split.txt")
    SPLIT_P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$TMP/wrk-split.txt")")
    SPLIT_P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$TMP/wrk-split.txt")")
    sleep "$IDLE"
    for svc in "${SPLIT_SERVICES[@]}" gateway; do
        S_MEM_LOAD[$svc]=$(mem_cell "${SPID[$svc]}"); S_THREADS_LOAD[$svc]=$(status_field "${SPID[$svc]}" Threads)
        ALL_RSS+=("$(rss_kib "${SPID[$svc]}")")
    done
    for svc in gateway "${SPLIT_SERVICES[@]}"; do stop_pid "${SPID[$svc]}"; done
    drop_bench_dbs
    SPLIT_DB_CREATED=
    for svc in "${SPLIT_SERVICES[@]}" gateway; do
        what="split"
        [[ $svc == user ]] && what="split, PostgreSQL + RabbitMQ"
        SPLIT_ROWS+="| \`bookstored $svc\` ($what) | ${S_MEM_START[$svc]} | ${S_MEM_LOAD[$svc]} | ${S_THREADS_START[$svc]} / ${S_THREADS_LOAD[$svc]} |"$'\n'
    done
fi

# ---------------------------------------------------------------------------------------------
# 7. The report.
LIMIT_KIB=$((15 * 1024))
met() { if [[ $1 == 1 ]]; then echo met; else echo "**missed**"; fi; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? 1 : 0 }'; }

rss_max=$(printf '%s\n' "$EMB_RSS_START" "$EMB_RSS_LOAD" "$EMB_RSS_FRESH" "${ALL_RSS[@]}" | sort -n | tail -n1)

report() {
    local p
    echo "## Startup (embedded \`bookstored\`, spawn until the gateway's \`/readyz\` answers 200)"
    echo
    echo "Median of $STARTS starts each; the daemon's own \`startup_ms\` log field in brackets."
    echo
    echo "| data dir | ms to ready | runs (ms) |"
    echo "|---|---:|---|"
    echo "| fresh (migrations, signing key, admin) | $FRESH_MS ($FRESH_OWN) | ${fresh_wall[*]} |"
    echo "| existing | $AGAIN_MS ($AGAIN_OWN) | ${again_wall[*]} |"
    echo
    echo "## Throughput: \`GET $ME\` with a bearer token"
    echo
    echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION after a $WARMUP warm-up, same machine; embedded \`bookstored\` (SQLite)"
    echo "serves all three paths; median of $ROUNDS round(s). nginx: $NGINX_NOTE."
    echo
    echo "| path | req/s | p50 ms | p99 ms | vs direct | CPU µs/request: bookstored | nginx |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for p in "${PATHS[@]}"; do
        local name=$p
        case $p in
            direct) name="direct (user service $USER_ADDR)" ;;
            gateway) name="gateway (in-process, $GW_ADDR)" ;;
            nginx) name="nginx proxy_pass" ;;
        esac
        local ngx_cpu=${M_CPUB[$p]}
        [[ $p == nginx ]] || ngx_cpu=""
        echo "| $name | ${M_RPS[$p]} | ${M_P50[$p]} | ${M_P99[$p]} | $(ratio "${M_RPS[$p]}" "${M_RPS[direct]}") | ${M_CPUA[$p]} | $ngx_cpu |"
    done
    echo
    if [[ -n ${M_RPS[nginx]:-} ]]; then
        echo "gateway / nginx throughput: **$(ratio "${M_RPS[gateway]}" "${M_RPS[nginx]}")**."
    fi
    echo "Each round's req/s:$(for p in "${PATHS[@]}"; do printf ' %s%s;' "$p" "${RPS[$p]}"; done)"
    if [[ -n ${SPLIT_RPS:-} ]]; then
        echo
        echo "For reference, split processes (gateway -> user on PostgreSQL), same load: $SPLIT_RPS req/s,"
        echo "p50 $SPLIT_P50 ms, p99 $SPLIT_P99 ms; CPU per request: gateway process $SPLIT_GW_CPU µs, user process $SPLIT_USER_CPU µs."
    fi
    echo
    echo "## Memory (VmRSS in MiB = anonymous + file-backed, after ${IDLE} s idle)"
    echo
    echo "\"After the load\" includes one \`bookstore auth login\` (an Argon2id verification) and the wrk runs."
    echo
    echo "| process | after start | after the load | threads (start / after) |"
    echo "|---|---:|---:|---:|"
    echo "| \`bookstored\` (embedded: ${EXTRA_SERVICES[*]:+${EXTRA_SERVICES[*]} + }user + gateway), existing data dir | $EMB_MEM_START | $EMB_MEM_LOAD | $EMB_THREADS / $EMB_THREADS_LOAD |"
    echo "| \`bookstored\` (embedded), first start on a fresh data dir | $EMB_MEM_FRESH | | $EMB_THREADS_FRESH |"
    [[ -n $SPLIT_ROWS ]] && printf '%s' "$SPLIT_ROWS"
    [[ -n $NGINX_RSS ]] && echo "| nginx, master + workers (for scale) | | $(mib "$NGINX_RSS") | |"
    [[ -n $SPLIT_NOTE ]] && { echo; echo "Split processes: $SPLIT_NOTE."; }
    echo
    echo "## Targets"
    echo
    echo "| target | measured | |"
    echo "|---|---|---|"
    if [[ -n ${M_RPS[nginx]:-} ]]; then
        echo "| gateway throughput >= nginx | $(ratio "${M_RPS[gateway]}" "${M_RPS[nginx]}") x nginx | $(met "$(le "${M_RPS[nginx]}" "${M_RPS[gateway]}")") |"
    else
        echo "| gateway throughput >= nginx | nginx not installed | not measured |"
    fi
    echo "| idle RSS <= 15 MiB per process | largest $(mib "$rss_max") MiB | $(met "$(le "$rss_max" "$LIMIT_KIB")") |"
    echo "| embedded ready < 1 s | fresh $FRESH_MS ms, existing $AGAIN_MS ms | $(met "$(le "$(median_max "$FRESH_MS" "$AGAIN_MS")" 999)") |"
}

REPORT=$(report)
echo "$REPORT"

if [[ ${BENCH_NO_RESULTS:-} != 1 ]]; then
    day=$(date +%Y-%m-%d)
    mkdir -p "$ROOT/bench/results"
    out=$ROOT/bench/results/$day.md
    n=2
    while [[ -e $out ]]; do out=$ROOT/bench/results/$day-$n.md; n=$((n + 1)); done
    if [[ -n ${BENCH_COMMIT:-} ]]; then
        commit=$BENCH_COMMIT
    else
        commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
        [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] && commit="$commit (with uncommitted changes)"
    fi
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    {
        echo "# Gateway benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
        echo
        echo "commit $commit; binaries built $(date -r "$BOOKSTORED" '+%Y-%m-%d %H:%M');"
        echo "$(nproc) CPUs ($cpu); $(uname -sr); $("$WRK" --version 2>&1 | head -n1 | awk '{ print $1, $2 }')${NGINX:+; $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')};"
        echo "load average (1 min) at the start $LOAD_START, at the end $(cut -d' ' -f1 /proc/loadavg): other work on the machine skews the numbers."
        echo
        echo "$REPORT"
    } >"$out"
    log "written to ${out#"$ROOT"/}"
fi
