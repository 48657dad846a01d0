#!/usr/bin/env bash
# Saga benchmark: confirmed orders per second through the whole order saga (POST /orders,
# stock reserved in the catalog, order.created, the sandbox charge, payment.succeeded, the order
# confirmed), and the time from POST to confirmed at half that rate. First with every service
# in its own `bookstored` process on PostgreSQL + RabbitMQ, then for the embedded default
# (one `bookstored`, SQLite, in-process bus). Each store is also measured with the same load
# tool doing `GET /users/me` through its gateway, as a baseline in the same conditions.
#
#   bash bench/saga.sh            # about 6 minutes once the release build is done
#
# Needs: a Rust toolchain, curl, psql, rabbitmqctl, PostgreSQL on 127.0.0.1:5432 (user
# postgres) and RabbitMQ on 127.0.0.1:5672 (guest/guest) for the split run. Each split run
# gets databases bookstore_saga_<run>_<service> and a RabbitMQ vhost bookstore_saga_<run>,
# dropped and deleted at the end (and on Ctrl-C). Everything it starts listens on
# 127.0.0.1:18280-18285 (split) and 18380-18385 (embedded) and keeps its files in a temp dir.
# The gateway's per-user rate limit is turned off (BOOKSTORE_GATEWAY_RATE_LIMIT=0): a handful
# of customers make all the load. See bench/README.md for what the numbers mean.
#
# Knobs (environment):
#   BENCH_DURATION=20s     each measured run              BENCH_WARMUP=3s   before each run
#   BENCH_WORKERS="16 32 96"  closed-loop worker counts for the maximum; the best is kept
#   BENCH_CUSTOMERS=16     customers registered per run   BENCH_POLL=100ms  poll interval
#   BENCH_POOL_SIZE=16     BOOKSTORE_DATABASE_POOL_SIZE of each split service
#   BENCH_SKIP_BUILD=1     use target/release binaries as they are
#   BENCH_NO_SPLIT=1       embedded only                  BENCH_NO_EMBEDDED=1  split only
#   BENCH_KEEP=1           keep the temp dir (service logs, each run's JSON and CPU snapshots)
#   BENCH_NO_RESULTS=1     print the report only, do not write bench/results/saga-<date>.md
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432     BENCH_AMQP=amqp://guest:guest@127.0.0.1:5672
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-3s}
read -ra WORKER_COUNTS <<<"${BENCH_WORKERS:-16 32 96}"
CUSTOMERS=${BENCH_CUSTOMERS:-16}
POOL_SIZE=${BENCH_POOL_SIZE:-16}
POLL=${BENCH_POLL:-100ms}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
AMQP_BASE=${BENCH_AMQP:-amqp://guest:guest@127.0.0.1:5672}
RUN_ID=$(date +%s)$$
DB_PREFIX=bookstore_saga_${RUN_ID}_
VHOST=bookstore_saga_$RUN_ID

SERVICES_ALL=(gateway user catalog order payment notification)
declare -A OFFSET=([gateway]=0 [user]=1 [catalog]=2 [order]=3 [payment]=4 [notification]=5)
split_addr() { echo "127.0.0.1:$((18280 + OFFSET[$1]))"; }
emb_addr() { echo "127.0.0.1:$((18380 + OFFSET[$1]))"; }
ADMIN_EMAIL=saga-admin@bookstore.local
ADMIN_PASSWORD=saga-password-$RANDOM$RANDOM

BOOKSTORED=$ROOT/target/release/bookstored
LOAD=$ROOT/target/release/bookstore-saga-load

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Cleanup: every process this script starts, the databases and the vhost.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bookstore-bench-saga.XXXXXX")
PIDS=()
DBS=()
VHOST_CREATED=

stop_pid() { # pid: TERM, wait up to 15 s, then KILL
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop in 15 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

stop_all() {
    local pid kept=()
    # Reverse order: the gateway (started last) first.
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}"; done
    PIDS=()
}

drop_dbs() {
    local db
    for db in "${DBS[@]}"; do
        psql "$PG_URL/postgres" -qAt -v ON_ERROR_STOP=1 \
            -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 \
            || log "could not drop database $db"
    done
    DBS=()
}

delete_vhost() {
    [[ -n $VHOST_CREATED ]] || return 0
    rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || log "could not delete vhost $VHOST"
    VHOST_CREATED=
}

cleanup() {
    local status=$?
    set +e
    stop_all
    drop_dbs
    delete_vhost
    if [[ ${BENCH_KEEP:-} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Helpers.
port_free() { ! (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }
tcp_open() { (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }
secs() { awk -v d="$1" 'BEGIN { n = d + 0; if (d ~ /ms$/) n /= 1000; else if (d ~ /m$/) n *= 60; print n }'; }

wait_ready() { # url pid timeout_s
    local url=$1 pid=$2 deadline=$(($(date +%s) + $3))
    until curl -fso /dev/null --max-time 1 "$url"; do
        kill -0 "$pid" 2>/dev/null || return 1
        (($(date +%s) < deadline)) || return 1
        sleep 0.05
    done
}

CLK_TCK=$(getconf CLK_TCK)
ticks_of() { # pid -> utime + stime; nothing when it is gone
    sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true
}
machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; } # user nice system irq softirq
# PostgreSQL: the backends of this run's databases and the server's own processes (WAL writer,
# checkpointer, ...), not other users' backends on the shared server.
pg_pids() {
    [[ $BACKLOG_MODE == split ]] || return 0
    psql "$PG_URL/postgres" -qAt -c "SELECT pid FROM pg_stat_activity WHERE datname LIKE '${DB_PREFIX}%' OR backend_type <> 'client backend'" 2>/dev/null || true
}
rabbit_pids() { [[ $BACKLOG_MODE == split ]] && pgrep -x beam.smp || true; }
# pg_counters FILE: per database of this run, commits and rows touched so far.
pg_counters() {
    [[ $BACKLOG_MODE == split ]] || { : >"$1"; return 0; }
    psql "$PG_URL/postgres" -qAt -F' ' -c "SELECT substr(datname, length('$DB_PREFIX') + 1), xact_commit, tup_returned, tup_fetched, tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname LIKE '${DB_PREFIX}%'" >"$1" 2>/dev/null || : >"$1"
}

# snapshot FILE: "name pid ticks" for every process of interest, and the machine total.
snapshot() {
    local out=$1 name pid
    : >"$out"
    local t
    for name in "${!PROC[@]}"; do
        t=$(ticks_of "${PROC[$name]}"); [[ -n $t ]] && echo "$name ${PROC[$name]} $t" >>"$out"
    done
    for pid in $(pg_pids); do t=$(ticks_of "$pid"); [[ -n $t ]] && echo "postgres $pid $t" >>"$out"; done
    for pid in $(rabbit_pids); do t=$(ticks_of "$pid"); [[ -n $t ]] && echo "rabbitmq $pid $t" >>"$out"; done
    pg_counters "$out.pg"
    echo "machine(all) 0 $(machine_busy)" >>"$out"
    echo "time 0 $(date +%s%N)" >>"$out"
}

# cpu_table BEFORE AFTER OK_PER_S -> "name|% of a core|ms per order" per process group, over
# the time between the two snapshots; a pid counts only when it is in both.
cpu_table() {
    awk -v rate="$3" -v hz="$CLK_TCK" '
        NR == FNR { before[$1 " " $2] = $3; next }
        $1 == "time" { secs = ($3 - before["time 0"]) / 1e9; next }
        ($1 " " $2) in before { d[$1] += $3 - before[$1 " " $2] }
        END {
            for (k in d) printf "%s|%.0f|%.2f\n", k, d[k] / hz / secs * 100, (rate > 0 ? d[k] / hz / secs * 1000 / rate : 0)
        }' "$1" "$2" | sort -t'|' -k2,2nr
}

# While a load runs: per-process CPU over the measured window, a `top` snapshot and the
# broker's queues and the outboxes' backlog in the middle of it.
PROC_KEYS=()
declare -A PROC
measure_window() { # tag -> files $TMP/<tag>.{before,after,top,queues}
    local tag=$1 t0 half_ns end_ns
    # The window starts 0.2 s after the warm-up and ends 0.6 s before the load does.
    sleep "$(awk -v w="$(secs "$WARMUP")" 'BEGIN { print w + 0.2 }')"
    snapshot "$TMP/$tag.before"
    t0=$(date +%s%N)
    half_ns=$(awk -v d="$(secs "$DURATION")" 'BEGIN { printf "%d", (d - 0.8) * 5e8 }')
    end_ns=$((t0 + 2 * half_ns))
    sleep_until $((t0 + half_ns))
    # In the background, so the window's end is not late by as long as rabbitmqctl takes.
    (top -b -n1 -w 200 | sed -n '1,5p;7,19p' >"$TMP/$tag.top" 2>/dev/null; probe_backlog >"$TMP/$tag.queues" 2>&1) &
    local probe=$!
    sleep_until "$end_ns"
    snapshot "$TMP/$tag.after"
    wait "$probe" 2>/dev/null || true
}
sleep_until() { # epoch ns
    local left=$(($1 - $(date +%s%N)))
    ((left > 0)) && sleep "$(awk -v n="$left" 'BEGIN { printf "%.3f", n / 1e9 }')"
    return 0
}

BACKLOG_MODE=
probe_backlog() {
    local svc db
    if [[ $BACKLOG_MODE == split ]]; then
        rabbitmqctl -q list_queues --no-table-headers -p "$VHOST" name messages_ready messages_unacknowledged 2>/dev/null \
            | awk '{ printf "queue %s: ready %s, unacked %s\n", $1, $2, $3 }'
        for svc in order payment catalog; do
            db=$DB_PREFIX$svc
            echo "outbox $svc: $(psql "$PG_URL/$db" -qAt -c 'SELECT count(*) FROM outbox WHERE published_at IS NULL' 2>&1 | head -c 80) unpublished"
        done
        echo "postgres connections: $(psql "$PG_URL/postgres" -qAt -c "SELECT state || ' ' || count(*) FROM pg_stat_activity WHERE datname LIKE '${DB_PREFIX}%' GROUP BY state" 2>/dev/null | tr '\n' ',' )"
    else
        for svc in order payment; do
            db=$(ls "$EMB_DATA"/*"$svc"*.db 2>/dev/null | head -n1 || true)
            [[ -n $db ]] || continue
            echo "outbox $svc: $(sqlite3 -readonly "$db" 'SELECT count(*) FROM outbox WHERE published_at IS NULL' 2>/dev/null || echo '?') unpublished"
        done
    fi
}

# stages TAG SINCE: after an orders run, where each event waited, from the services' own
# tables: outbox created -> published (the relay), published -> the consumer's inbox row
# (broker or in-process bus, queueing, the handler's work), per event type. Times are the
# services' clocks; SINCE is the run's start (UTC).
stages() {
    local tag=$1 since=$2 svc db try
    for svc in order payment; do
        if [[ $BACKLOG_MODE == split ]]; then
            db=$PG_URL/$DB_PREFIX$svc
            for try in 1 2 3; do
                psql "$db" -qAt -F' ' -v ON_ERROR_STOP=1 \
                    -c "SELECT 'out', event_type, id, extract(epoch FROM created_at), coalesce(extract(epoch FROM published_at), 0) FROM outbox WHERE created_at >= '$since'" \
                    -c "SELECT 'in', event_type, event_id, extract(epoch FROM processed_at), 0 FROM inbox WHERE processed_at >= '$since'" \
                    2>/dev/null && break
                sleep 1
            done
        else
            db=$EMB_DATA/$svc.db
            sqlite3 -readonly -separator ' ' "$db" \
                "SELECT 'out', event_type, id, (julianday(created_at) - 2440587.5) * 86400.0, coalesce((julianday(published_at) - 2440587.5) * 86400.0, 0) FROM outbox WHERE created_at >= '$since'" \
                "SELECT 'in', event_type, event_id, (julianday(processed_at) - 2440587.5) * 86400.0, 0 FROM inbox WHERE processed_at >= '$since'" 2>/dev/null
        fi
    done | python3 "$ROOT/bench/saga-stages.py" || true
}

# run_load TAG args... -> the JSON line in $TMP/TAG.json, the summary in $TMP/TAG.txt
run_load() {
    local tag=$1 since
    shift
    since=$(date -u '+%Y-%m-%d %H:%M:%S')
    log "$tag: bookstore-saga-load $*"
    "$LOAD" --gateway "http://$GW" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" \
        --customers "$CUSTOMERS" --duration "$DURATION" --warmup "$WARMUP" --poll "$POLL" \
        --label "$tag" "$@" >"$TMP/$tag.json" 2>"$TMP/$tag.txt" &
    local load_pid=$!
    PROC[load]=$load_pid
    # Registering the customers (Argon2id) comes first: start the window when the load does.
    local i
    for ((i = 0; i < 600; i++)); do
        grep -q '^saga-load: .* customers' "$TMP/$tag.txt" 2>/dev/null && break
        kill -0 "$load_pid" 2>/dev/null || break
        sleep 0.05
    done
    measure_window "$tag"
    wait "$load_pid" || { cat "$TMP/$tag.txt" >&2; die "$tag: the load tool failed"; }
    unset 'PROC[load]'
    cat "$TMP/$tag.txt" >&2
    [[ $* == *--baseline* ]] || stages "$tag" "$since" >"$TMP/$tag.stages"
    if [[ $BACKLOG_MODE == split && $* != *--baseline* ]]; then
        # Rows read so far (since the store started), by index and by sequential scan: what
        # grows with the data.
        local svc
        for svc in order payment catalog; do
            psql "$PG_URL/$DB_PREFIX$svc" -qAt -F' ' -c "SELECT relname || '(' || indexrelname || ')', idx_scan, idx_tup_read FROM pg_stat_user_indexes WHERE idx_tup_read > 0 UNION ALL SELECT relname || '(seq_scan)', seq_scan, seq_tup_read FROM pg_stat_user_tables WHERE seq_tup_read > 0 ORDER BY 3 DESC LIMIT 3" 2>/dev/null \
                | awk -v s="$svc" '{ printf "%s.%s: %s scans read %s rows\n", s, $1, $2, $3 }'
        done >"$TMP/$tag.seqscan"
    fi
    [[ -s $TMP/$tag.stages ]] && sed 's/^/  /' "$TMP/$tag.stages" >&2
    return 0
}

jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval("d"+sys.argv[2]); print("" if v is None else v)' "$1" "$2"; }

# ---------------------------------------------------------------------------------------------
# 1. Binaries.
command -v curl >/dev/null || die "curl is needed"
command -v python3 >/dev/null || die "python3 is needed"
if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    log "building release binaries"
    (cd "$ROOT" && cargo build --release --quiet -p bookstored -p bookstore-saga-load)
fi
[[ -x $BOOKSTORED && -x $LOAD ]] || die "no release binaries in $ROOT/target/release"
for svc in "${SERVICES_ALL[@]}"; do
    for addr in "$(split_addr "$svc")" "$(emb_addr "$svc")"; do
        port_free "$addr" || die "$addr is already in use (another bench running?)"
    done
done

# The services this build has (a service not in the build is refused at once).
SERVICES=(user)
for svc in catalog order payment notification; do
    refusal=$(env -u BOOKSTORE_AMQP_URL -u BOOKSTORE_DATABASE_URL "$BOOKSTORED" "$svc" 2>&1 >/dev/null || true)
    [[ $refusal == *"not part of this build"* ]] || SERVICES+=("$svc")
done
log "services in this build: ${SERVICES[*]} gateway"

common_env=(
    BOOKSTORE_ADMIN_EMAIL="$ADMIN_EMAIL"
    BOOKSTORE_ADMIN_PASSWORD="$ADMIN_PASSWORD"
    BOOKSTORE_GATEWAY_RATE_LIMIT=0
    BOOKSTORE_ACCESS_TOKEN_TTL=1h
    BOOKSTORE_LOG=info
    BOOKSTORE_LOG_FORMAT=json
)

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
declare -A RESULT # "<store>.<what>" -> value
REPORT_ROWS=()
CPU_ROWS=()
DIAG=()
STAGE_ROWS=()
PG_ROWS=()
SEQ_ROWS=()

# measure STORE: baseline, max over the worker counts, then open loop at half the max.
measure() {
    local store=$1 best=0 best_tag= w tag rate
    run_load "$store-baseline" --baseline --workers "${WORKER_COUNTS[-1]}"
    RESULT[$store.baseline]=$(jget "$TMP/$store-baseline.json" '["ok_per_s"]')
    for w in "${WORKER_COUNTS[@]}"; do
        tag=$store-closed-$w
        run_load "$tag" --workers "$w"
        rate=$(jget "$TMP/$tag.json" '["ok_per_s"]')
        if awk -v a="$rate" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=$rate; best_tag=$tag; fi
    done
    RESULT[$store.max]=$best
    RESULT[$store.max_tag]=$best_tag
    local half
    half=$(awk -v r="$best" 'BEGIN { printf "%d", r / 2 }')
    ((half > 0)) || die "$store: no order was confirmed"
    run_load "$store-open-$half" --rate "$half"
    RESULT[$store.half_tag]=$store-open-$half
    local t
    for t in "$store-baseline" "${WORKER_COUNTS[@]/#/$store-closed-}" "$store-open-$half"; do
        report_row "$store" "$t"
    done
}

report_row() { # store tag
    local f=$TMP/$2.json mode loop conc ok fail p50 p90 p99 max post polls secs cpu
    mode=$(jget "$f" '["mode"]')
    loop=$(jget "$f" '["loop"]')
    if [[ $loop == open ]]; then conc="open, $(jget "$f" '["offered_per_s"]')/s"; else conc="closed, $(jget "$f" '["workers"]') workers"; fi
    ok=$(jget "$f" '["ok_per_s"]'); fail=$(jget "$f" '["failed"]')
    if [[ $mode == orders ]]; then
        p50=$(jget "$f" '["confirm_ms"]["p50"]'); p90=$(jget "$f" '["confirm_ms"]["p90"]')
        p99=$(jget "$f" '["confirm_ms"]["p99"]'); max=$(jget "$f" '["confirm_ms"]["max"]')
        post=$(jget "$f" '["post_ms"]["p99"]'); polls=$(jget "$f" '["polls_per_order"]')
        REPORT_ROWS+=("| $1 | saga | $conc | **$ok** | $fail | $p50 | $p90 | **$p99** | $max | $post | $polls |")
    else
        p50=$(jget "$f" '["latency_ms"]["p50"]'); p90=$(jget "$f" '["latency_ms"]["p90"]')
        p99=$(jget "$f" '["latency_ms"]["p99"]'); max=$(jget "$f" '["latency_ms"]["max"]')
        REPORT_ROWS+=("| $1 | GET /users/me | $conc | $ok | $fail | $p50 | $p90 | $p99 | $max | | |")
    fi
    cpu=$(cpu_table "$TMP/$2.before" "$TMP/$2.after" "$ok" | awk -F'|' '{ printf "%s %s%% (%s ms), ", $1, $2, $3 }')
    CPU_ROWS+=("| $2 | ${cpu%, } |")
    if [[ -s $TMP/$2.before.pg && -s $TMP/$2.after.pg ]]; then
        local pg
        pg=$(awk -v rate="$ok" -v t0="$(awk '$1 == "time" { print $3 }' "$TMP/$2.before")" -v t1="$(awk '$1 == "time" { print $3 }' "$TMP/$2.after")" '
            NR == FNR { c[$1] = $2; r[$1] = $3; f[$1] = $4; w[$1] = $5; next }
            ($1 in c) { n = rate * (t1 - t0) / 1e9; if (n > 0) printf "%s %.1f commits, %.0f rows scanned, %.0f fetched, %.1f written; ", $1, ($2 - c[$1]) / n, ($3 - r[$1]) / n, ($4 - f[$1]) / n, ($5 - w[$1]) / n }' \
            "$TMP/$2.before.pg" "$TMP/$2.after.pg")
        [[ -n $pg ]] && PG_ROWS+=("$2: ${pg%; }")
    fi
    if [[ -s $TMP/$2.stages ]]; then
        STAGE_ROWS+=("$2: $(tr '\n' ';' <"$TMP/$2.stages" | sed 's/;$//; s/;/; /g')")
    fi
    if [[ -s $TMP/$2.seqscan ]]; then
        SEQ_ROWS+=("after $2: $(tr '\n' ';' <"$TMP/$2.seqscan" | sed 's/;$//; s/;/; /g')")
    fi
    if [[ -s $TMP/$2.queues ]]; then
        DIAG+=("$2 (mid-run): $(tr '\n' ';' <"$TMP/$2.queues" | sed 's/;$//; s/;/; /g')")
    fi
}

# ---------------------------------------------------------------------------------------------
# 2. Split: every service in its own process on PostgreSQL + RabbitMQ.
SPLIT_NOTE=
if [[ ${BENCH_NO_SPLIT:-} == 1 ]]; then
    SPLIT_NOTE="split: skipped (BENCH_NO_SPLIT=1)"
elif ! tcp_open 127.0.0.1:5432 || ! tcp_open 127.0.0.1:5672; then
    SPLIT_NOTE="split: skipped, PostgreSQL (127.0.0.1:5432) or RabbitMQ (127.0.0.1:5672) not reachable"
elif ! command -v psql >/dev/null || ! command -v rabbitmqctl >/dev/null; then
    SPLIT_NOTE="split: skipped, psql and rabbitmqctl are needed"
else
    # Each split service keeps a pool of up to $POOL_SIZE connections. The server is shared (max_connections
    # 100 here): wait a while for room, and say in the report how many others held.
    pg_free() {
        psql "$PG_URL/postgres" -qAt -c "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - count(*) FROM pg_stat_activity" 2>/dev/null || echo 0
    }
    need=$((POOL_SIZE * ${#SERVICES[@]} + 4))
    for ((i = 0; i < 60; i++)); do
        free=$(pg_free)
        ((free >= need)) && break
        ((i == 0)) && log "PostgreSQL has $free free connections, the split store may use $need: waiting up to 60 s"
        sleep 1
    done
    PG_OTHERS=$(psql "$PG_URL/postgres" -qAt -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'" 2>/dev/null || echo '?')
    ((free >= need)) || log "only $free free PostgreSQL connections for up to $need: expect 503s (too many clients)"
    rabbitmqctl -q add_vhost "$VHOST" >/dev/null || die "rabbitmqctl add_vhost $VHOST failed"
    VHOST_CREATED=1
    rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null \
        || die "rabbitmqctl set_permissions failed"
    split_env=(
        "${common_env[@]}"
        BOOKSTORE_DATA_DIR="$TMP/split-data"
        BOOKSTORE_DATABASE_URL="$PG_URL/postgres"
        BOOKSTORE_AMQP_URL="$AMQP_BASE/$VHOST"
        BOOKSTORE_SERVICE_TOKEN="saga-service-token-$RANDOM$RANDOM$RANDOM"
        BOOKSTORE_DATABASE_POOL_SIZE="$POOL_SIZE"
    )
    for svc in "${SERVICES_ALL[@]}"; do split_env+=("BOOKSTORE_${svc^^}_URL=http://$(split_addr "$svc")"); done
    for svc in "${SERVICES[@]}"; do
        DBS+=("$DB_PREFIX$svc")
        split_env+=("BOOKSTORE_${svc^^}_DATABASE_URL=$PG_URL/$DB_PREFIX$svc")
    done
    env "${split_env[@]}" "$BOOKSTORED" migrate >"$TMP/migrate.out" 2>"$TMP/migrate.log" \
        || { cat "$TMP/migrate.log" >&2; die "bookstored migrate failed"; }
    PROC=()
    for svc in "${SERVICES[@]}" gateway; do # the user service first: the others fetch its keys
        env "${split_env[@]}" "BOOKSTORE_${svc^^}_LISTEN=$(split_addr "$svc")" \
            "$BOOKSTORED" "$svc" >"$TMP/split-$svc.out" 2>"$TMP/split-$svc.log" &
        PROC[$svc]=$!
        PIDS+=("$!")
        wait_ready "http://$(split_addr "$svc")/readyz" "$!" 60 \
            || { tail -n 20 "$TMP/split-$svc.log" >&2; die "bookstored $svc did not become ready (log above)"; }
    done
    GW=$(split_addr gateway)
    BACKLOG_MODE=split
    measure split
    stop_all
    drop_dbs
    delete_vhost
    SPLIT_NOTE="split: ${SERVICES[*]} gateway, one process each, PostgreSQL $(psql "$PG_URL/postgres" -qAt -c 'SHOW server_version' 2>/dev/null || echo '?'), RabbitMQ $(rabbitmqctl -q version 2>/dev/null || echo '?') (databases and vhost created for the run, dropped afterwards); at the start $PG_OTHERS other client connections were open on the shared PostgreSQL server ($free free of max_connections $(psql "$PG_URL/postgres" -qAt -c 'SHOW max_connections' 2>/dev/null || echo '?'), each split service may open $POOL_SIZE)"
fi

# ---------------------------------------------------------------------------------------------
# 3. The embedded default: one bookstored, SQLite, in-process bus.
EMB_NOTE=
if [[ ${BENCH_NO_EMBEDDED:-} == 1 ]]; then
    EMB_NOTE="embedded: skipped (BENCH_NO_EMBEDDED=1)"
else
    EMB_DATA=$TMP/embedded-data
    emb_env=("${common_env[@]}" BOOKSTORE_DATA_DIR="$EMB_DATA")
    for svc in "${SERVICES_ALL[@]}"; do emb_env+=("BOOKSTORE_${svc^^}_LISTEN=$(emb_addr "$svc")"); done
    env -u BOOKSTORE_DATABASE_URL -u BOOKSTORE_AMQP_URL "${emb_env[@]}" \
        "$BOOKSTORED" --no-demo >"$TMP/embedded.out" 2>"$TMP/embedded.log" &
    PROC=([bookstored]=$!)
    PIDS+=("$!")
    wait_ready "http://$(emb_addr gateway)/readyz" "$!" 60 \
        || { tail -n 20 "$TMP/embedded.log" >&2; die "embedded bookstored did not become ready (log above)"; }
    GW=$(emb_addr gateway)
    BACKLOG_MODE=embedded
    measure embedded
    stop_all
    EMB_NOTE="embedded: one \`bookstored --no-demo\` (SQLite under a temp BOOKSTORE_DATA_DIR, in-process bus)."
fi

# ---------------------------------------------------------------------------------------------
# 4. The report.
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ", with uncommitted changes" || true)
BUILT=$(date -u -r "$BOOKSTORED" '+%Y-%m-%d %H:%M')
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
REPORT=$TMP/report.md
{
    echo "# Saga benchmark, $(date -u '+%Y-%m-%d %H:%M') UTC"
    echo
    echo "commit $COMMIT$DIRTY; binaries built $BUILT; $(nproc) CPUs ($CPU_MODEL); Linux $(uname -r);"
    echo "load average (1 min) at the start $LOAD_START, at the end $LOAD_END: other work on the machine skews the numbers."
    echo
    echo "\`bookstore-saga-load\` on the same machine: $CUSTOMERS customers, one book with 10^9 copies, every order one copy"
    echo "paid with the sandbox card 4242 4242 4242 4242, each with its own Idempotency-Key, followed with"
    echo "\`GET /orders/{id}\` every $POLL until settled. $WARMUP warm-up, then $DURATION measured; the gateway's rate limit off."
    echo "Confirmation time: the order history's \`confirmed\` time minus when the POST was sent."
    echo "Closed loop: N workers with one order each in flight; the best is the maximum. Open loop: orders"
    echo "on a fixed schedule at half that maximum. The baseline is the same tool doing \`GET /users/me\` with"
    echo "${WORKER_COUNTS[-1]} workers through the same gateway."
    echo
    echo "| store | load | loop | ok/s | failed | p50 ms | p90 ms | p99 ms | max ms | POST p99 ms | polls/order |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${REPORT_ROWS[@]}"
    echo
    for store in split embedded; do
        [[ -n ${RESULT[$store.max]:-} ]] || continue
        half_tag=${RESULT[$store.half_tag]}
        echo "- **$store**: max **${RESULT[$store.max]} confirmed orders/s** (${RESULT[$store.max_tag]}),"
        echo "  $(ratio "${RESULT[$store.max]}" "${RESULT[$store.baseline]}") × the baseline's ${RESULT[$store.baseline]} GET /users/me per second;"
        echo "  at half that rate p99 POST → confirmed **$(jget "$TMP/$half_tag.json" '["confirm_ms"]["p99"]') ms**"
        echo "  (seen by polling: $(jget "$TMP/$half_tag.json" '["observed_ms"]["p99"]') ms)."
    done
    echo
    echo "Targets (split): ≥ 500 confirmed orders/s (aim 1,000); p99 POST → confirmed < 250 ms at half that rate."
    echo
    echo "CPU over each measured window, % of one core (ms of CPU per confirmed order or request). \`machine(all)\`"
    echo "is every process on the machine, other users' work included; \`postgres\` is this run's backends and the server's"
    echo "own processes; \`load\` is bookstore-saga-load:"
    echo
    echo "| run | CPU |"
    echo "|---|---|"
    printf '%s\n' "${CPU_ROWS[@]}"
    echo
    if ((${#PG_ROWS[@]})); then
        echo "PostgreSQL work per confirmed order (or request), by service database, from pg_stat_database:"
        echo
        printf -- '- %s\n' "${PG_ROWS[@]}"
        echo
    fi
    if ((${#SEQ_ROWS[@]})); then
        echo "Most rows read, by index or sequential scan (pg_stat_user_indexes/tables, cumulative since the split store started):"
        echo
        printf -- '- %s\n' "${SEQ_ROWS[@]}"
        echo
    fi
    if ((${#STAGE_ROWS[@]})); then
        echo "Where the events waited (from the outbox and inbox tables; the clocks are the services'):"
        echo
        printf -- '- %s\n' "${STAGE_ROWS[@]}"
        echo
    fi
    if ((${#DIAG[@]})); then
        echo "Backlogs in the middle of each run (RabbitMQ queues, unpublished outbox rows):"
        echo
        printf -- '- %s\n' "${DIAG[@]}"
        echo
    fi
    echo "$SPLIT_NOTE."
    echo
    echo "$EMB_NOTE."
    for store in split embedded; do
        f=$TMP/${RESULT[$store.max_tag]:-none}.top
        [[ -s $f ]] || continue
        echo
        echo "\`top -b -n1\` in the middle of ${RESULT[$store.max_tag]}:"
        echo
        echo '```'
        cat "$f"
        echo '```'
    done
} >"$REPORT"
cat "$REPORT"
if [[ ${BENCH_NO_RESULTS:-} != 1 ]]; then
    mkdir -p "$ROOT/bench/results"
    out=$ROOT/bench/results/saga-$(date -u +%F).md
    n=2
    while [[ -e $out ]]; do out=$ROOT/bench/results/saga-$(date -u +%F)-$n.md; n=$((n + 1)); done
    cp "$REPORT" "$out"
    log "wrote $out"
fi
