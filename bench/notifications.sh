#!/usr/bin/env bash
# Notification benchmark: a promotion's fan-out to many opted-in readers (in the inbox and by
# email, the emails written as .eml files) and the delivery of every email, on PostgreSQL
# (`bookstored notification` in a process of its own) and on the embedded default (one
# `bookstored`, SQLite); and many live streams held by one notification process, with its
# memory before and while it holds them and a message published to all of them. Each
# measurement has a baseline taken in the same run: a plain SQL INSERT ... SELECT of the
# same rows for the fan-out, the same process idle for the streams.
#
#   bash bench/notifications.sh       # about 8 minutes once the release build is done
#
# Needs: a Rust toolchain, curl, python3, sqlite3; for the PostgreSQL part psql, rabbitmqctl,
# PostgreSQL on 127.0.0.1:5432 (user postgres) and RabbitMQ on 127.0.0.1:5672 (guest/guest).
# The readers are inserted straight into the notification service's `recipients` table after
# `bookstored migrate` made it (registering 100,000 accounts would hash 100,000 passwords).
# Each run gets databases bookstore_bench_notif_<run>_<service> and a RabbitMQ vhost
# bookstore_bench_notif_<run>, dropped and deleted at the end (and on Ctrl-C). Everything
# listens on 127.0.0.1:18480-18485 (PostgreSQL) and 18580-18585 (embedded) and keeps its
# files, the emails included, in a temp dir. See bench/README.md for what the numbers mean.
#
# Knobs (environment):
#   BENCH_READERS=100000   readers the promotion goes to   BENCH_POLL=0.5  s between polls
#   BENCH_STREAMS=1000     live streams                    BENCH_STREAM_USERS=10  readers holding them
#   BENCH_HOLD=20          s the streams are held idle before the message (a keep-alive is due at 15 s)
#   BENCH_TIMEOUT=900      s a fan-out and its emails may take before the run gives up
#   BENCH_PROMOTION_BATCH  BOOKSTORE_PROMOTION_BATCH (unset: the service's default)
#   BENCH_POOL_SIZE=16     BOOKSTORE_DATABASE_POOL_SIZE on PostgreSQL
#   BENCH_MAIL_DIR=DIR     where the mail folders go (default: the temp dir; /dev/shm takes the disk out)
#   BENCH_SAMPLE=1         sample pg_stat_activity during the PostgreSQL fan-out (0: off)
#   BENCH_PERF=1           perf-record the notification process during each fan-out (kept in the temp dir)
#   BENCH_SKIP_BUILD=1     use target/release binaries as they are
#   BENCH_BOOKSTORED=PATH  another bookstored binary (an earlier build, for a before/after)
#   BENCH_NO_PG=1          embedded only     BENCH_NO_SQLITE=1  PostgreSQL only     BENCH_NO_STREAMS=1
#   BENCH_KEEP=1           keep the temp dir (logs, JSON, samples; the emails too)
#   BENCH_NO_RESULTS=1     print the report only, do not write bench/results/notifications-<date>.md
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432     BENCH_AMQP=amqp://guest:guest@127.0.0.1:5672
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
READERS=${BENCH_READERS:-100000}
STREAMS=${BENCH_STREAMS:-1000}
STREAM_USERS=${BENCH_STREAM_USERS:-10}
HOLD=${BENCH_HOLD:-20}
POLL=${BENCH_POLL:-0.5}
TIMEOUT=${BENCH_TIMEOUT:-900}
POOL_SIZE=${BENCH_POOL_SIZE:-16}
SAMPLE=${BENCH_SAMPLE:-1}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
AMQP_BASE=${BENCH_AMQP:-amqp://guest:guest@127.0.0.1:5672}
RUN_ID=$(date +%s)$$
DB_PREFIX=bookstore_bench_notif_${RUN_ID}_
VHOST=bookstore_bench_notif_$RUN_ID

SERVICES_ALL=(gateway user catalog order payment notification)
declare -A OFFSET=([gateway]=0 [user]=1 [catalog]=2 [order]=3 [payment]=4 [notification]=5)
pg_addr() { echo "127.0.0.1:$((18480 + OFFSET[$1]))"; }
emb_addr() { echo "127.0.0.1:$((18580 + OFFSET[$1]))"; }
ADMIN_EMAIL=notif-admin@bookstore.local
ADMIN_PASSWORD=notif-password-$RANDOM$RANDOM

BOOKSTORED=${BENCH_BOOKSTORED:-$ROOT/target/release/bookstored}
STREAM_LOAD=$ROOT/target/release/bookstore-stream-load

SUBJECT='Spring sale: two books for the price of one'
BODY='Until Sunday, every second book in your basket is free.

Pick any two books from the spring list, and the cheaper one is on us. The offer holds for every format and for books already in your cart.

Happy reading!'

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Cleanup: every process this script starts, the databases and the vhost.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bookstore-bench-notif.XXXXXX")
MAIL=$(mktemp -d "${BENCH_MAIL_DIR:-$TMP}/bookstore-bench-notif-mail.XXXXXX")
PIDS=()
DBS=()
VHOST_CREATED=
CMD_FD=

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
    local i
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}"; done
    PIDS=()
}

forget_pid() { # pid: stopped by the caller already
    local pid kept=()
    for pid in "${PIDS[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
    PIDS=("${kept[@]}")
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
    [[ -n $CMD_FD ]] && exec {CMD_FD}>&-
    stop_all
    drop_dbs
    delete_vhost
    if [[ ${BENCH_KEEP:-} == 1 ]]; then log "kept $TMP ($MAIL)"; else rm -rf "$MAIL" "$TMP"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Helpers.
port_free() { ! (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }
tcp_open() { (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }
now_ns() { date +%s%N; }
# A sleep that a signal interrupts at once (bash runs a trap only after a foreground command).
pause() { sleep "$1" & wait $!; }
div() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { if (b > 0) printf "%.*f", d, a / b; else print "n/a" }'; }
thousands() { awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); print s }'; }

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
# mem_of PID -> "VmRSS VmHWM RssAnon RssFile (KiB) threads fds"
mem_of() {
    local fds
    fds=$(find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    awk -v fds="$fds" '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } /^RssAnon/ { a = $2 } /^RssFile/ { f = $2 } /^Threads/ { t = $2 }
        END { print r, h, a, f, t, fds }' "/proc/$1/status"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# PostgreSQL: the backends of this run's databases and the server's own processes (WAL writer,
# checkpointer, autovacuum, ...), not other users' backends on the shared server.
pg_pids() {
    [[ $MODE == pg ]] || return 0
    psql "$PG_URL/postgres" -qAt -c "SELECT pid FROM pg_stat_activity WHERE datname LIKE '${DB_PREFIX}%' OR backend_type <> 'client backend'" 2>/dev/null || true
}

# snapshot FILE: "name pid ticks" for every process of interest, and the machine total.
declare -A PROC
snapshot() {
    local out=$1 name pid t
    : >"$out"
    for name in "${!PROC[@]}"; do
        t=$(ticks_of "${PROC[$name]}"); [[ -n $t ]] && echo "$name ${PROC[$name]} $t" >>"$out"
    done
    for pid in $(pg_pids); do t=$(ticks_of "$pid"); [[ -n $t ]] && echo "postgres $pid $t" >>"$out"; done
    echo "machine(all) 0 $(machine_busy)" >>"$out"
    echo "time 0 $(now_ns)" >>"$out"
}

# cpu_between BEFORE AFTER -> "name cpu_seconds percent_of_a_core" per process group; a pid
# counts only when it is in both snapshots (a backend that came and went in between is missed,
# which the pools' long-lived connections make rare).
cpu_between() {
    awk -v hz="$CLK_TCK" '
        NR == FNR { before[$1 " " $2] = $3; next }
        $1 == "time" { secs = ($3 - before["time 0"]) / 1e9; next }
        ($1 " " $2) in before { d[$1] += $3 - before[$1 " " $2] }
        END { for (k in d) printf "%s %.2f %.0f\n", k, d[k] / hz, d[k] / hz / secs * 100 }' "$1" "$2" | sort
}
cpu_of() { awk -v n="$2" '$1 == n { print $2; f = 1 } END { if (!f) print 0 }' "$1"; }

jget() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); v=eval("d"+sys.argv[2]); print("" if v is None else json.dumps(v) if isinstance(v, (dict, list)) else v)' "$1" "$2"; }

# login USER_ADDR -> the admin's access token
login() {
    local body
    body=$(curl -fsS --max-time 30 -H 'content-type: application/json' \
        -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" \
        "http://$1/api/v1/auth/login") || die "logging in as the admin at $1 failed"
    jget "$body" '["access_token"]'
}

# The SQL each backend understands for the readers and the baselines. Readers get ids that
# sort in the order they are numbered, like the service's UUIDv7s.
pg_seed_sql() {
    cat <<SQL
INSERT INTO recipients (user_id, email, name, role, disabled, profile_at, phone, account_channels,
    order_channels, promotion_channels, last_seq, created_at, updated_at)
SELECT '00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'), 'reader' || i || '@bench.example',
    'Reader ' || i, 'customer', false, now() AT TIME ZONE 'UTC', NULL, 'email,in_app', 'email,in_app',
    'email,in_app', 0, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
FROM generate_series(1, $READERS) AS i;
VACUUM ANALYZE recipients;
SQL
}
sqlite_seed_sql() {
    cat <<SQL
PRAGMA synchronous = NORMAL;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $READERS)
INSERT INTO recipients (user_id, email, name, role, disabled, profile_at, phone, account_channels,
    order_channels, promotion_channels, last_seq, created_at, updated_at)
SELECT printf('00000000-0000-7000-8000-%012x', i), 'reader' || i || '@bench.example',
    'Reader ' || i, 'customer', 0, strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, 'email,in_app',
    'email,in_app', 'email,in_app', 0, strftime('%Y-%m-%d %H:%M:%f', 'now'),
    strftime('%Y-%m-%d %H:%M:%f', 'now')
FROM n;
ANALYZE;
SQL
}

# The rows a promotion's fan-out writes, as one INSERT ... SELECT per table over the same
# readers (customers who opted in), with message ids in insertion order like UUIDv7s.
# $1 = SQL for "now", $2 = SQL for the promotion's id, $3 = the table prefix.
sql_text() { printf "'%s'" "${1//\'/\'\'}"; }
baseline_notifications_sql() {
    cat <<SQL
INSERT INTO ${3}notifications (id, user_id, seq, kind, subject, body, data, order_id, order_status,
    promotion_id, channels, in_app, source, created_at, read_at)
SELECT 'ffffffff' || substr(r.user_id, 9), r.user_id, r.last_seq + 1, 'promotion', $(sql_text "$SUBJECT"),
    $(sql_text "$BODY"), '{"name":"' || r.name || '","store_url":"http://$(pg_addr gateway)"}', NULL, NULL, $2,
    'email,in_app', true, 'promotion:' || $2, $1, NULL
FROM ${3}recipients r
WHERE r.role = 'customer' AND r.promotion_channels <> '' AND NOT r.disabled
ORDER BY r.user_id;
SQL
}
baseline_deliveries_sql() {
    cat <<SQL
INSERT INTO ${3}deliveries (id, notification_id, user_id, kind, channel, address, status, attempts,
    next_attempt_at, locked_until, last_error, promotion_id, created_at, updated_at, sent_at)
SELECT 'eeeeeeee' || substr(r.user_id, 9), 'ffffffff' || substr(r.user_id, 9), r.user_id, 'promotion',
    'email', r.email, 'pending', 0, $1, NULL, NULL, $2, $1, $1, NULL
FROM ${3}recipients r
WHERE r.role = 'customer' AND r.promotion_channels <> '' AND NOT r.disabled
ORDER BY r.user_id;
SQL
}
baseline_seq_sql() {
    echo "UPDATE ${1}recipients SET last_seq = last_seq + 1 WHERE role = 'customer' AND promotion_channels <> '' AND NOT disabled;"
}

# pg_timed DB SQL -> "wall_seconds backend_cpu_seconds": runs SQL in a session whose backend's
# CPU time is read from /proc before and after.
pg_timed() {
    local db=$1 sql=$2 pid t0 t1 n0 n1 line done=
    coproc PGT { psql "$PG_URL/$db" -qAtX -v ON_ERROR_STOP=1 2>&1; }
    echo 'SELECT pg_backend_pid();' >&"${PGT[1]}"
    read -r -u "${PGT[0]}" pid || die "psql on $db did not start"
    t0=$(ticks_of "$pid"); n0=$(now_ns)
    printf "%s\nSELECT 'bench-done';\n" "$sql" >&"${PGT[1]}"
    while read -r -u "${PGT[0]}" line; do
        [[ $line == bench-done ]] && { done=1; break; }
        log "psql: $line"
    done
    n1=$(now_ns); t1=$(ticks_of "$pid")
    [[ -n $done ]] || die "a baseline statement failed on $db"
    echo '\q' >&"${PGT[1]}"
    wait "$PGT_PID" 2>/dev/null || true
    awk -v a="$n0" -v b="$n1" -v c="$t0" -v d="$t1" -v hz="$CLK_TCK" 'BEGIN { printf "%.3f %.2f\n", (b - a) / 1e9, (d - c) / hz }'
}

# sqlite_timed FILE SQL -> "wall_seconds cpu_seconds" of the sqlite3 process (its own timer).
sqlite_timed() {
    local out
    out=$(printf 'PRAGMA synchronous = NORMAL;\nPRAGMA foreign_keys = ON;\n.timer on\n%s\n' "$2" | sqlite3 -bail "$1" 2>&1) \
        || die "a baseline statement failed on $1: $out"
    awk '/^Run Time:/ { r += $4; c += $6 + $8 } END { printf "%.3f %.2f\n", r, c }' <<<"$out"
}

# ---------------------------------------------------------------------------------------------
# The fan-out: one promotion to every reader, followed until every email is written.
# fanout STORE NOTIFICATION_ADDR TOKEN MAIL_DIR; PROC names the processes to measure.
declare -A R # "<store>.<what>" -> value
fanout() {
    local store=$1 addr=$2 token=$3 mail=$4 t0 body id json status pending sent failed
    local seen_done= seen_sent= perf_pid= sampler=
    local payload
    payload=$(python3 -c 'import json,sys; print(json.dumps({"subject": sys.argv[1], "body": sys.argv[2], "channels": ["email", "in_app"], "audience": "customers"}))' "$SUBJECT" "$BODY")
    pg_stat "$TMP/$store.stat.before"
    snapshot "$TMP/$store.before"
    t0=$(now_ns)
    body=$(curl -fsS --max-time 30 -H "authorization: Bearer $token" -H 'content-type: application/json' \
        -d "$payload" "http://$addr/api/v1/promotions") || die "$store: POST /promotions failed"
    id=$(jget "$body" '["id"]')
    log "$store: promotion $id published; polling every ${POLL}s"
    if [[ ${BENCH_PERF:-} == 1 ]] && command -v perf >/dev/null; then
        perf record -F 499 -g -o "$TMP/$store.perf.data" -p "${PROC[$FANOUT_PROC]}" >/dev/null 2>&1 &
        perf_pid=$!
        PIDS+=("$perf_pid")
    fi
    if [[ $MODE == pg && $SAMPLE == 1 ]]; then
        sample_activity "$DB_PREFIX$NOTIF_DB" >"$TMP/$store.activity" &
        sampler=$!
        PIDS+=("$sampler")
    fi
    local deadline=$(($(date +%s) + TIMEOUT))
    while :; do
        json=$(curl -fsS --max-time 30 -H "authorization: Bearer $token" "http://$addr/api/v1/promotions/$id") \
            || { log "$store: GET /promotions/$id failed"; sleep "$POLL"; continue; }
        status=$(grep -o '"status":"[a-z_]*"' <<<"$json" | head -n1 | cut -d'"' -f4)
        pending=$(grep -o '"pending":[0-9]*' <<<"$json" | cut -d: -f2)
        sent=$(grep -o '"sent":[0-9]*' <<<"$json" | cut -d: -f2)
        failed=$(grep -o '"failed":[0-9]*' <<<"$json" | cut -d: -f2)
        pending=${pending:-0} sent=${sent:-0} failed=${failed:-0}
        if [[ -z $seen_done && $status == completed ]]; then
            seen_done=$(now_ns)
            snapshot "$TMP/$store.done"
            pg_stat "$TMP/$store.stat.done"
            [[ -n $sampler ]] && { stop_pid "$sampler"; forget_pid "$sampler"; sampler=; }
            log "$store: fan-out completed after $(div $((seen_done - t0)) 1e9 2) s (seen by polling); $sent of the emails written"
        fi
        if [[ -n $seen_done && $pending == 0 ]] && ((sent + failed >= READERS)); then
            seen_sent=$(now_ns)
            snapshot "$TMP/$store.sent"
            pg_stat "$TMP/$store.stat.sent"
            break
        fi
        (($(date +%s) < deadline)) || die "$store: not done after ${TIMEOUT}s (status $status, pending $pending, sent $sent, failed $failed)"
        sleep "$POLL"
    done
    [[ -n $sampler ]] && { stop_pid "$sampler"; forget_pid "$sampler"; }
    if [[ -n $perf_pid ]]; then
        kill -INT "$perf_pid" 2>/dev/null || true
        wait "$perf_pid" 2>/dev/null || true
        forget_pid "$perf_pid"
    fi
    log "$store: every email written after $(div $((seen_sent - t0)) 1e9 2) s (seen by polling)"
    R[$store.id]=$id
    R[$store.failed]=$failed
    R[$store.seen_done]=$(div $((seen_done - t0)) 1e9 3)
    R[$store.seen_sent]=$(div $((seen_sent - t0)) 1e9 3)
    R[$store.files]=$(find "$mail" -maxdepth 1 -name '*.eml' | wc -l)
    R[$store.eml_kib]=$(du -sk "$mail" | cut -f1)
    # The service's own clock: when the promotion was stored, started, completed; when the first
    # and the last email of it were marked sent.
    local q1 q2 q3
    if [[ $MODE == pg ]]; then
        q1="SELECT extract(epoch FROM created_at), extract(epoch FROM started_at), extract(epoch FROM completed_at), recipients, processed, notified FROM promotions WHERE id = '$id'"
        q2="SELECT count(*), count(*) FILTER (WHERE status = 'sent'), extract(epoch FROM min(sent_at)), extract(epoch FROM max(sent_at)) FROM deliveries WHERE promotion_id = '$id'"
        q3="SELECT count(*), count(*) FILTER (WHERE in_app) FROM notifications WHERE promotion_id = '$id'"
    else
        local e="(julianday(%s) - 2440587.5) * 86400.0"
        # shellcheck disable=SC2059
        q1="SELECT $(printf "$e" created_at), $(printf "$e" started_at), $(printf "$e" completed_at), recipients, processed, notified FROM promotions WHERE id = '$id'"
        # shellcheck disable=SC2059
        q2="SELECT count(*), sum(status = 'sent'), $(printf "$e" 'min(sent_at)'), $(printf "$e" 'max(sent_at)') FROM deliveries WHERE promotion_id = '$id'"
        q3="SELECT count(*), sum(in_app) FROM notifications WHERE promotion_id = '$id'"
    fi
    read -r R[$store.created] R[$store.started] R[$store.completed] R[$store.recipients] R[$store.processed] R[$store.notified] <<<"$(dbq "$q1")"
    read -r R[$store.deliveries] R[$store.sent] R[$store.first_sent] R[$store.last_sent] <<<"$(dbq "$q2")"
    read -r R[$store.messages] R[$store.in_app] <<<"$(dbq "$q3")"
    [[ ${R[$store.recipients]} == "$READERS" ]] || log "warning: $store: the promotion counted ${R[$store.recipients]} readers, not $READERS"
    R[$store.fanout_s]=$(awk -v a="${R[$store.created]}" -v b="${R[$store.completed]}" 'BEGIN { printf "%.3f", b - a }')
    R[$store.email_s]=$(awk -v a="${R[$store.created]}" -v b="${R[$store.last_sent]}" 'BEGIN { printf "%.3f", b - a }')
    R[$store.tail_s]=$(awk -v a="${R[$store.completed]}" -v b="${R[$store.last_sent]}" 'BEGIN { printf "%.3f", b - a }')
    cpu_between "$TMP/$store.before" "$TMP/$store.done" >"$TMP/$store.cpu.fanout"
    cpu_between "$TMP/$store.done" "$TMP/$store.sent" >"$TMP/$store.cpu.tail"
    cpu_between "$TMP/$store.before" "$TMP/$store.sent" >"$TMP/$store.cpu.all"
}

# dbq SQL: one row, fields separated by spaces, from the store's notification database.
dbq() {
    if [[ $MODE == pg ]]; then
        psql "$PG_URL/$DB_PREFIX$NOTIF_DB" -qAtX -F' ' -v ON_ERROR_STOP=1 -c "$1"
    else
        sqlite3 -readonly -separator ' ' "$SQLITE_FILE" "$1"
    fi
}

# pg_stat FILE: the notification database's counters (PostgreSQL only).
pg_stat() {
    [[ $MODE == pg ]] || { : >"$1"; return 0; }
    psql "$PG_URL/postgres" -qAtX -F' ' -c "SELECT xact_commit, tup_returned, tup_fetched, tup_inserted, tup_updated, blks_read, blks_hit FROM pg_stat_database WHERE datname = '$DB_PREFIX$NOTIF_DB'" >"$1" 2>/dev/null || : >"$1"
}

# sample_activity DB: what the database's active backends are doing, four times a second.
sample_activity() {
    while :; do
        psql "$PG_URL/postgres" -qAtX -F'|' -c "SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU'), left(regexp_replace(query, '\\s+', ' ', 'g'), 70) FROM pg_stat_activity WHERE datname = '$1' AND state = 'active'" 2>/dev/null || true
        echo '--'
        sleep 0.25
    done
}

# baselines STORE: the fan-out's rows by plain SQL in the same database, into copies of the
# tables: the messages alone, then messages, email deliveries and message numbers together.
baselines() {
    local store=$1 now pid sql
    if [[ $MODE == pg ]]; then
        now="(now() AT TIME ZONE 'UTC')"
        pid="'00000000-0000-7000-8000-00000000b000'"
        dbq "CREATE TABLE bench_notifications (LIKE notifications INCLUDING ALL);
             CREATE TABLE bench_deliveries (LIKE deliveries INCLUDING ALL);
             ALTER TABLE bench_deliveries ADD FOREIGN KEY (notification_id) REFERENCES bench_notifications (id) ON DELETE CASCADE;
             CREATE TABLE bench_recipients (LIKE recipients INCLUDING ALL);
             INSERT INTO bench_recipients SELECT * FROM recipients;" >/dev/null
        dbq "VACUUM ANALYZE bench_recipients" >/dev/null
        dbq "CHECKPOINT" >/dev/null
        read -r R[$store.base1_s] R[$store.base1_cpu] <<<"$(pg_timed "$DB_PREFIX$NOTIF_DB" "$(baseline_notifications_sql "$now" "$pid" bench_)")"
        dbq "TRUNCATE bench_notifications CASCADE" >/dev/null
        dbq "CHECKPOINT" >/dev/null
        sql="BEGIN; $(baseline_seq_sql bench_) $(baseline_notifications_sql "$now" "$pid" bench_) $(baseline_deliveries_sql "$now" "$pid" bench_) COMMIT;"
        read -r R[$store.base2_s] R[$store.base2_cpu] <<<"$(pg_timed "$DB_PREFIX$NOTIF_DB" "$sql")"
        dbq "DROP TABLE bench_deliveries, bench_notifications, bench_recipients" >/dev/null
        dbq "CHECKPOINT" >/dev/null
    else
        now="strftime('%Y-%m-%d %H:%M:%f', 'now')"
        pid="'00000000-0000-7000-8000-00000000b000'"
        # Copies of the three tables with their indexes, constraints and foreign key, made
        # from the schema's own text.
        sqlite3 "$SQLITE_FILE" "SELECT sql || ';' FROM sqlite_master WHERE tbl_name IN ('notifications', 'deliveries', 'recipients') AND sql IS NOT NULL" \
            | sed -E 's/\b(notifications|deliveries|recipients)/bench_\1/g' >"$TMP/$store.copies.sql"
        sqlite3 -bail "$SQLITE_FILE" <"$TMP/$store.copies.sql"
        sqlite3 -bail "$SQLITE_FILE" "INSERT INTO bench_recipients SELECT * FROM recipients; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
        read -r R[$store.base1_s] R[$store.base1_cpu] <<<"$(sqlite_timed "$SQLITE_FILE" "$(baseline_notifications_sql "$now" "$pid" bench_)")"
        sqlite3 -bail "$SQLITE_FILE" "DELETE FROM bench_notifications; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
        sql="BEGIN; $(baseline_seq_sql bench_) $(baseline_notifications_sql "$now" "$pid" bench_) $(baseline_deliveries_sql "$now" "$pid" bench_) COMMIT;"
        read -r R[$store.base2_s] R[$store.base2_cpu] <<<"$(sqlite_timed "$SQLITE_FILE" "$sql")"
        sqlite3 -bail "$SQLITE_FILE" "DROP TABLE bench_deliveries; DROP TABLE bench_notifications; DROP TABLE bench_recipients; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    fi
    log "$store: baseline INSERT ... SELECT of $READERS messages ${R[$store.base1_s]} s; with deliveries and numbers ${R[$store.base2_s]} s"
}

# ---------------------------------------------------------------------------------------------
# 1. Binaries and ports.
command -v curl >/dev/null || die "curl is needed"
command -v python3 >/dev/null || die "python3 is needed"
command -v sqlite3 >/dev/null || die "sqlite3 is needed (apt-get install sqlite3)"
if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    log "building release binaries"
    (cd "$ROOT" && cargo build --release --quiet -p bookstored -p bookstore-stream-load)
fi
[[ -x $BOOKSTORED && -x $STREAM_LOAD ]] || die "no release binaries in $ROOT/target/release"
for svc in "${SERVICES_ALL[@]}"; do
    for addr in "$(pg_addr "$svc")" "$(emb_addr "$svc")"; do
        port_free "$addr" || die "$addr is already in use (another bench running?)"
    done
done

common_env=(
    BOOKSTORE_ADMIN_EMAIL="$ADMIN_EMAIL"
    BOOKSTORE_ADMIN_PASSWORD="$ADMIN_PASSWORD"
    BOOKSTORE_GATEWAY_RATE_LIMIT=0
    BOOKSTORE_ACCESS_TOKEN_TTL=1h
    BOOKSTORE_LOG=info
    BOOKSTORE_LOG_FORMAT=json
)
[[ -n ${BENCH_PROMOTION_BATCH:-} ]] && common_env+=(BOOKSTORE_PROMOTION_BATCH="$BENCH_PROMOTION_BATCH")

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
MODE=
NOTES=()
STORES=()

# ---------------------------------------------------------------------------------------------
# 2. PostgreSQL: `bookstored user` and `bookstored notification`, each its own process.
PG_NOTE=
if [[ ${BENCH_NO_PG:-} == 1 ]]; then
    PG_NOTE="PostgreSQL: skipped (BENCH_NO_PG=1)"
elif ! tcp_open 127.0.0.1:5432 || ! tcp_open 127.0.0.1:5672; then
    PG_NOTE="PostgreSQL: skipped, PostgreSQL (127.0.0.1:5432) or RabbitMQ (127.0.0.1:5672) not reachable"
elif ! command -v psql >/dev/null || ! command -v rabbitmqctl >/dev/null; then
    PG_NOTE="PostgreSQL: skipped, psql and rabbitmqctl are needed"
else
    MODE=pg
    PG_OTHERS=$(psql "$PG_URL/postgres" -qAt -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'" 2>/dev/null || echo '?')
    rabbitmqctl -q add_vhost "$VHOST" >/dev/null || die "rabbitmqctl add_vhost $VHOST failed"
    VHOST_CREATED=1
    rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null \
        || die "rabbitmqctl set_permissions failed"
    pg_env=(
        "${common_env[@]}"
        BOOKSTORE_DATA_DIR="$TMP/pg-data"
        BOOKSTORE_DATABASE_URL="$PG_URL/postgres"
        BOOKSTORE_AMQP_URL="$AMQP_BASE/$VHOST"
        BOOKSTORE_SERVICE_TOKEN="notif-service-token-$RANDOM$RANDOM$RANDOM"
        BOOKSTORE_DATABASE_POOL_SIZE="$POOL_SIZE"
        BOOKSTORE_USER_DATABASE_URL="$PG_URL/${DB_PREFIX}user"
    )
    for svc in "${SERVICES_ALL[@]}"; do pg_env+=("BOOKSTORE_${svc^^}_URL=http://$(pg_addr "$svc")"); done
    DBS+=("${DB_PREFIX}user" "${DB_PREFIX}notification" "${DB_PREFIX}streams")
    # start_pg SERVICE NOTIFICATION_DB -> PROC[SERVICE]
    start_pg() {
        env "${pg_env[@]}" BOOKSTORE_NOTIFICATION_DATABASE_URL="$PG_URL/$DB_PREFIX$2" \
            BOOKSTORE_MAIL_DIR="$MAIL/pg-$2" "BOOKSTORE_${1^^}_LISTEN=$(pg_addr "$1")" \
            "$BOOKSTORED" "$1" >"$TMP/pg-$1-$2.out" 2>"$TMP/pg-$1-$2.log" &
        PROC[$1]=$!
        PIDS+=("$!")
        wait_ready "http://$(pg_addr "$1")/readyz" "$!" 60 \
            || { tail -n 20 "$TMP/pg-$1-$2.log" >&2; die "bookstored $1 did not become ready (log above)"; }
    }

    # 2a. The fan-out.
    NOTIF_DB=notification
    env "${pg_env[@]}" BOOKSTORE_NOTIFICATION_DATABASE_URL="$PG_URL/${DB_PREFIX}notification" \
        "$BOOKSTORED" migrate user notification >"$TMP/migrate.out" 2>"$TMP/migrate.log" \
        || { cat "$TMP/migrate.log" >&2; die "bookstored migrate failed"; }
    log "pg: inserting $READERS readers"
    pg_seed_sql | psql "$PG_URL/${DB_PREFIX}notification" -qAtX -v ON_ERROR_STOP=1 >/dev/null
    baselines pg
    PROC=()
    start_pg user notification
    start_pg notification notification
    FANOUT_PROC=notification
    TOKEN=$(login "$(pg_addr user)")
    sleep 2 # the user service's first events (the admin's account) are consumed
    STORES+=(pg)
    fanout pg "$(pg_addr notification)" "$TOKEN" "$MAIL/pg-notification"
    # Where the rows went, for the report: the tables' sizes and how the writes were split.
    R[pg.sizes]=$(dbq "SELECT string_agg(relname || ' ' || pg_size_pretty(pg_total_relation_size(relid)), ', ' ORDER BY relname) FROM pg_stat_user_tables WHERE relname IN ('notifications', 'deliveries', 'delivery_attempts', 'recipients')")
    if [[ -s $TMP/pg.stat.before && -s $TMP/pg.stat.done && -s $TMP/pg.stat.sent ]]; then
        # Columns: xact_commit tup_returned tup_fetched tup_inserted tup_updated blks_read blks_hit.
        R[pg.dbstat]=$(paste -d' ' "$TMP/pg.stat.before" "$TMP/pg.stat.done" "$TMP/pg.stat.sent" | awk '{
            printf "during the fan-out %d commits, %d rows inserted, %d updated; after it %d commits, %d inserted, %d updated", $8 - $1, $11 - $4, $12 - $5, $15 - $8, $18 - $11, $19 - $12 }')
    fi
    if [[ -s $TMP/pg.activity ]]; then
        R[pg.activity]=$(awk -F'|' '$0 == "--" { n++; next } { c[$1 " | " $2]++ }
            END { for (k in c) printf "%5d  %s\n", c[k], k }' "$TMP/pg.activity" | sort -rn | head -n 12)
        R[pg.samples]=$(grep -c '^--$' "$TMP/pg.activity" || true)
    fi
    stop_pid "${PROC[notification]}"; forget_pid "${PROC[notification]}"
    # The emails stay until the end: on a file system without a journal, ext4 checks every
    # inode it hands out against those deleted in the last 30 s, and deleting 100,000 files
    # here would slow the next fan-out's emails down.

    # 2b. The live streams: a fresh notification process on a database of its own.
    if [[ ${BENCH_NO_STREAMS:-} != 1 ]]; then
        unset 'PROC[notification]'
        start_pg notification streams
        NPID=${PROC[notification]}
        sleep 3
        read -r -a MEM_START <<<"$(mem_of "$NPID")"
        mkfifo "$TMP/stream-cmd"
        BOOKSTORE_ADMIN_PASSWORD="$ADMIN_PASSWORD" "$STREAM_LOAD" --user-url "http://$(pg_addr user)" --notification-url "http://$(pg_addr notification)" \
            --admin-email "$ADMIN_EMAIL" --streams "$STREAMS" --users "$STREAM_USERS" \
            <"$TMP/stream-cmd" >"$TMP/stream.out" 2>"$TMP/stream.log" &
        SL_PID=$!
        PIDS+=("$SL_PID")
        PROC[stream-load]=$SL_PID
        exec {CMD_FD}>"$TMP/stream-cmd"
        # wait_phase NAME TIMEOUT_S -> the JSON line
        wait_phase() {
            local deadline=$(($(date +%s) + $2)) line
            while :; do
                line=$(grep -m1 "\"phase\":\"$1\"" "$TMP/stream.out" || true)
                [[ -n $line ]] && { echo "$line"; return 0; }
                kill -0 "$SL_PID" 2>/dev/null || { tail -n 20 "$TMP/stream.log" >&2; die "bookstore-stream-load ended early (log above)"; }
                (($(date +%s) < deadline)) || die "bookstore-stream-load: no '$1' within $2 s"
                sleep 0.1
            done
        }
        SETUP=$(wait_phase setup 120)
        sleep 3
        read -r -a MEM_IDLE <<<"$(mem_of "$NPID")"
        snapshot "$TMP/streams.idle0"
        pause 10
        snapshot "$TMP/streams.idle1"
        echo open >&"$CMD_FD"
        OPEN=$(wait_phase open 120)
        read -r -a MEM_OPEN <<<"$(mem_of "$NPID")"
        snapshot "$TMP/streams.hold0"
        pause "$HOLD"
        snapshot "$TMP/streams.hold1"
        read -r -a MEM_HELD <<<"$(mem_of "$NPID")"
        echo publish >&"$CMD_FD"
        PUBLISHED=$(wait_phase published 120)
        read -r -a MEM_AFTER <<<"$(mem_of "$NPID")"
        echo close >&"$CMD_FD"
        CLOSED=$(wait_phase closed 60)
        exec {CMD_FD}>&-
        CMD_FD=
        wait "$SL_PID" 2>/dev/null || true
        forget_pid "$SL_PID"
        unset 'PROC[stream-load]'
        sleep 3
        read -r -a MEM_CLOSED <<<"$(mem_of "$NPID")"
        cpu_between "$TMP/streams.idle0" "$TMP/streams.idle1" >"$TMP/streams.cpu.idle"
        cpu_between "$TMP/streams.hold0" "$TMP/streams.hold1" >"$TMP/streams.cpu.hold"
        R[streams.idle_window]=$(awk '$1 == "time" { print $3 }' "$TMP/streams.idle0" "$TMP/streams.idle1" | paste -sd' ' | awk '{ printf "%.1f", ($2 - $1) / 1e9 }')
        R[streams.hold_window]=$(awk '$1 == "time" { print $3 }' "$TMP/streams.hold0" "$TMP/streams.hold1" | paste -sd' ' | awk '{ printf "%.1f", ($2 - $1) / 1e9 }')
    fi
    stop_all
    drop_dbs
    delete_vhost
    PG_NOTE="PostgreSQL $(psql "$PG_URL/postgres" -qAt -c 'SHOW server_version' 2>/dev/null || echo '?'), RabbitMQ $(rabbitmqctl -q version 2>/dev/null || echo '?'): \`bookstored user\` and \`bookstored notification\` as two processes, talked to on their own ports (no gateway); databases and vhost created for the run and dropped afterwards; $PG_OTHERS other client connections were open on the shared server at the start; pool size $POOL_SIZE"
fi

# ---------------------------------------------------------------------------------------------
# 3. The embedded default: one `bookstored --no-demo`, SQLite, in-process bus.
SQLITE_NOTE=
if [[ ${BENCH_NO_SQLITE:-} == 1 ]]; then
    SQLITE_NOTE="embedded: skipped (BENCH_NO_SQLITE=1)"
else
    MODE=sqlite
    EMB_DATA=$TMP/embedded-data
    SQLITE_FILE=$EMB_DATA/notification.db
    emb_env=("${common_env[@]}" BOOKSTORE_DATA_DIR="$EMB_DATA" BOOKSTORE_MAIL_DIR="$MAIL/embedded")
    for svc in "${SERVICES_ALL[@]}"; do emb_env+=("BOOKSTORE_${svc^^}_LISTEN=$(emb_addr "$svc")"); done
    env -u BOOKSTORE_DATABASE_URL -u BOOKSTORE_AMQP_URL "${emb_env[@]}" "$BOOKSTORED" migrate \
        >"$TMP/migrate-embedded.out" 2>"$TMP/migrate-embedded.log" \
        || { cat "$TMP/migrate-embedded.log" >&2; die "bookstored migrate (embedded) failed"; }
    [[ -f $SQLITE_FILE ]] || die "no $SQLITE_FILE after bookstored migrate"
    log "sqlite: inserting $READERS readers"
    sqlite_seed_sql | sqlite3 -bail "$SQLITE_FILE" >/dev/null
    baselines sqlite
    env -u BOOKSTORE_DATABASE_URL -u BOOKSTORE_AMQP_URL "${emb_env[@]}" \
        "$BOOKSTORED" --no-demo >"$TMP/embedded.out" 2>"$TMP/embedded.log" &
    PROC=([bookstored]=$!)
    PIDS+=("$!")
    wait_ready "http://$(emb_addr gateway)/readyz" "$!" 60 \
        || { tail -n 20 "$TMP/embedded.log" >&2; die "embedded bookstored did not become ready (log above)"; }
    FANOUT_PROC=bookstored
    TOKEN=$(login "$(emb_addr user)")
    sleep 2
    STORES+=(sqlite)
    fanout sqlite "$(emb_addr notification)" "$TOKEN" "$MAIL/embedded"
    R[sqlite.sizes]="notification.db $(du -h "$SQLITE_FILE" | cut -f1), WAL $(du -h "$SQLITE_FILE-wal" 2>/dev/null | cut -f1 || echo 0)"
    stop_all
    SQLITE_NOTE="embedded: one \`bookstored --no-demo\` (every service; SQLite under a temp BOOKSTORE_DATA_DIR, in-process bus), talked to on the notification service's own port"
fi

# ---------------------------------------------------------------------------------------------
# 4. The report.
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ", with uncommitted changes in the tree" || true)
BUILT=$(date -u -r "$BOOKSTORED" '+%Y-%m-%d %H:%M')
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
REPORT=$TMP/report.md
met() { awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 >= t) ? "met" : "**missed**" }'; }
{
    echo "# Notification benchmark, $(date -u '+%Y-%m-%d %H:%M') UTC"
    echo
    echo "commit $COMMIT$DIRTY; binaries built $BUILT UTC; $(nproc) CPUs ($CPU_MODEL); Linux $(uname -r);"
    echo "load average (1 min) at the start $LOAD_START, at the end $LOAD_END: other work on the machine skews the numbers."
    echo
    if ((${#STORES[@]})); then
        echo "## Promotion fan-out to $(thousands "$READERS") readers (in the inbox and by email, emails as .eml files)"
        echo
        echo "The readers were inserted into \`recipients\` (customers, promotions by \`email,in_app\`); the promotion"
        echo "(audience \`customers\`, channels \`email\` and \`in_app\`) was POSTed as the admin to the notification service's"
        echo "port and \`GET /promotions/{id}\` polled every ${POLL} s. Times are the service's own: the promotion's \`created_at\`"
        echo "to its \`completed_at\` (fan-out) and to the last delivery's \`sent_at\` (every email written); in brackets when"
        echo "polling saw it. The baselines ran on the same database just before, into copies of the tables (same columns,"
        echo "indexes, constraints, foreign key), each one INSERT ... SELECT over the same readers."
        echo
        echo "| store | what | rows | seconds | recipients/s | target | CPU s: service process | database |"
        echo "|---|---|---:|---:|---:|---|---:|---:|"
        for s in "${STORES[@]}"; do
            if [[ $s == pg ]]; then proc=notification; dbname="PostgreSQL"; else proc=bookstored; dbname="(in process)"; fi
            n=${R[$s.recipients]}
            fr=$(div "$n" "${R[$s.fanout_s]}" 0)
            er=$(div "${R[$s.sent]}" "${R[$s.email_s]}" 0)
            pgf=$(cpu_of "$TMP/$s.cpu.fanout" postgres); pga=$(cpu_of "$TMP/$s.cpu.all" postgres)
            [[ $s == pg ]] || { pgf=; pga=; }
            echo "| $s | fan-out (created → completed) | $n | ${R[$s.fanout_s]} (${R[$s.seen_done]}) | **$(thousands "$fr")** | ≥ 5,000: $(met "$fr" 5000) | $(cpu_of "$TMP/$s.cpu.fanout" "$proc") | $pgf |"
            echo "| $s | every email written (created → last sent) | ${R[$s.sent]} | ${R[$s.email_s]} (${R[$s.seen_sent]}) | **$(thousands "$er")** | ≥ 5,000: $(met "$er" 5000) | $(cpu_of "$TMP/$s.cpu.all" "$proc") | $pga |"
            b1r=$(div "$READERS" "${R[$s.base1_s]}" 0); b2r=$(div "$READERS" "${R[$s.base2_s]}" 0)
            echo "| $s | baseline: messages by INSERT ... SELECT | $READERS | ${R[$s.base1_s]} | $(thousands "$b1r") | | | ${R[$s.base1_cpu]} |"
            echo "| $s | baseline: messages + deliveries + numbers, one transaction | $READERS | ${R[$s.base2_s]} | $(thousands "$b2r") | | | ${R[$s.base2_cpu]} |"
        done
        echo
        for s in "${STORES[@]}"; do
            if [[ $s == pg ]]; then proc=notification; else proc=bookstored; fi
            n=${R[$s.recipients]}
            echo "- **$s**: the fan-out took $(div "${R[$s.fanout_s]}" "${R[$s.base1_s]}" 1) × as long as the plain INSERT of the messages"
            echo "  and $(div "${R[$s.fanout_s]}" "${R[$s.base2_s]}" 1) × as long as the three plain statements; the last email was written"
            echo "  ${R[$s.tail_s]} s after the fan-out completed. ${R[$s.messages]} messages (${R[$s.in_app]} in the inbox), ${R[$s.deliveries]} email"
            echo "  deliveries: ${R[$s.sent]} sent, ${R[$s.failed]} failed; ${R[$s.files]} .eml files ($(div "${R[$s.eml_kib]}" 1024 0) MiB)."
            echo "  CPU per reader, fan-out and emails together: service process $(div "$(cpu_of "$TMP/$s.cpu.all" "$proc")e6" "$n" 0) µs$([[ $s == pg ]] && echo ", PostgreSQL $(div "$(cpu_of "$TMP/$s.cpu.all" postgres)e6" "$n" 0) µs")."
            echo "  % of one core during the fan-out / after it until the last email: $(awk '{ printf "%s %s%%, ", $1, $3 }' "$TMP/$s.cpu.fanout" | sed 's/, $//') / $(awk '{ printf "%s %s%%, ", $1, $3 }' "$TMP/$s.cpu.tail" | sed 's/, $//')."
            [[ -n ${R[$s.sizes]:-} ]] && echo "  Sizes afterwards: ${R[$s.sizes]}."
            [[ -n ${R[$s.dbstat]:-} ]] && echo "  pg_stat_database of the notification database: ${R[$s.dbstat]}."
        done
        if [[ -n ${R[pg.activity]:-} ]]; then
            echo
            echo "What the notification database's active backends were doing during the PostgreSQL fan-out"
            echo "(pg_stat_activity four times a second, ${R[pg.samples]} samples; count, wait event or on CPU, statement):"
            echo
            echo '```'
            echo "${R[pg.activity]}"
            echo '```'
        fi
        echo
    fi
    if [[ -n ${MEM_IDLE[*]:-} ]]; then
        echo "## $(thousands "$STREAMS") live streams held by one \`bookstored notification\` (PostgreSQL + RabbitMQ)"
        echo
        echo "\`bookstore-stream-load\` registered $STREAM_USERS readers (opted in to promotions in the inbox) and opened the"
        echo "streams straight to the notification process, round-robin over the readers. It held them ${HOLD} s, then published a"
        echo "promotion (\`in_app\`, to customers) and waited for it on every stream. Memory from /proc/PID/status of the"
        echo "notification process; the baseline is the same process idle, after the readers were set up."
        echo
        echo "| notification process | VmRSS MiB | anon + file | VmHWM MiB | threads | fds |"
        echo "|---|---:|---:|---:|---:|---:|"
        row() { echo "| $1 | **$(mib "$2")** | $(mib "$4") + $(mib "$5") | $(mib "$3") | $6 | $7 |"; }
        row "started (3 s after ready)" "${MEM_START[@]}"
        row "idle, readers set up (baseline)" "${MEM_IDLE[@]}"
        row "$STREAMS streams just opened" "${MEM_OPEN[@]}"
        row "$STREAMS streams held ${HOLD} s" "${MEM_HELD[@]}"
        row "after the message reached them" "${MEM_AFTER[@]}"
        row "3 s after they were closed" "${MEM_CLOSED[@]}"
        echo
        per=$(awk -v a="${MEM_HELD[0]}" -v b="${MEM_IDLE[0]}" -v n="$STREAMS" 'BEGIN { printf "%.1f", (a - b) / 1024 * 1000 / n }')
        peak=$(mib "${MEM_AFTER[1]}")
        echo "- RSS per 1,000 streams (held − idle): **$per MiB**, $(awk -v a="${MEM_HELD[0]}" -v b="${MEM_IDLE[0]}" -v n="$STREAMS" 'BEGIN { printf "%.1f", (a - b) / n }') KiB a stream;"
        echo "  peak (VmHWM) with the streams open and the message delivered: **$peak MiB**; target < 100 MiB: $(awk -v p="$peak" 'BEGIN { print (p < 100) ? "met" : "**missed**" }')."
        echo "- Opening: $(jget "$OPEN" '["open"]') of $(jget "$OPEN" '["requested"]') open in $(jget "$OPEN" '["seconds"]') s, refused $(jget "$OPEN" '["refused"]')."
        echo "- The message: POST answered in $(jget "$PUBLISHED" '["post_ms"]') ms; it reached **$(jget "$PUBLISHED" '["reached"]') of $(jget "$PUBLISHED" '["streams"]')** streams"
        echo "  ($(jget "$PUBLISHED" '["events"]') \`notification\` events in all); from the POST to each stream's event, ms: p50 $(jget "$PUBLISHED" '["latency_ms"]["p50"]'), p90 $(jget "$PUBLISHED" '["latency_ms"]["p90"]'), p99 $(jget "$PUBLISHED" '["latency_ms"]["p99"]'), max $(jget "$PUBLISHED" '["latency_ms"]["max"]')."
        echo "  Streams that ended early: $(jget "$CLOSED" '["ended"]')."
        echo "- CPU of the notification process idle (${R[streams.idle_window]} s): $(awk '$1 == "notification" { printf "%s s, %s%%", $2, $3 }' "$TMP/streams.cpu.idle");"
        echo "  holding the streams (${R[streams.hold_window]} s): $(awk '$1 == "notification" { printf "%s s, %s%%", $2, $3 }' "$TMP/streams.cpu.hold"); PostgreSQL meanwhile $(awk '$1 == "postgres" { printf "%s s", $2 }' "$TMP/streams.cpu.hold")."
        echo
    fi
    echo "$PG_NOTE."
    echo
    echo "$SQLITE_NOTE."
} >"$REPORT"
cat "$REPORT"
if [[ ${BENCH_NO_RESULTS:-} != 1 ]]; then
    mkdir -p "$ROOT/bench/results"
    out=$ROOT/bench/results/notifications-$(date -u +%F).md
    n=2
    while [[ -e $out ]]; do out=$ROOT/bench/results/notifications-$(date -u +%F)-$n.md; n=$((n + 1)); done
    cp "$REPORT" "$out"
    log "wrote $out"
fi
