#!/usr/bin/env bash
# Import benchmark: `bookstore books import` of a generated CSV of 100,000 books (valid ISBN-13s,
# authors, genres, descriptions) through the gateway into a fresh `bookstored`, timed as a user
# would run it; then the same file again (every row unchanged). On SQLite, and on PostgreSQL
# when it is reachable. Prints rows/s and writes bench/results/import-<date>.md.
#
#   bash bench/import.sh
#
# Needs: a Rust toolchain, curl, python3. Optional: PostgreSQL on 127.0.0.1:5432 (user postgres)
# and psql, for the PostgreSQL run; its databases (bookstore_bench_catalog, bookstore_bench_user,
# and one per other service in the build) are created for the run and dropped afterwards.
# Everything it starts listens on 127.0.0.1:19080-19085, lives in a temp dir, and is stopped
# on exit. See bench/README.md for what the numbers mean.
#
# Knobs (environment):
#   BENCH_ROWS=100000        rows in the file
#   BENCH_BATCH_SIZE=500     --batch-size of the import     BENCH_CONCURRENCY=4  --concurrency
#   BENCH_SKIP_BUILD=1       use target/release binaries as they are
#   BENCH_NO_PG=1            SQLite only                     BENCH_NO_SQLITE=1  PostgreSQL only
#   BENCH_NO_RESULTS=1       print the table only, do not write bench/results/import-<date>.md
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=${BENCH_ROWS:-100000}
BATCH_SIZE=${BENCH_BATCH_SIZE:-500}
CONCURRENCY=${BENCH_CONCURRENCY:-4}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
BENCH_DB_PREFIX=bookstore_bench_
TARGET_RATE=10000

GW_ADDR=127.0.0.1:19080
GW=http://$GW_ADDR
SERVICES_ALL=(gateway user catalog order payment notification)
declare -A ADDR=(
    [gateway]=$GW_ADDR [user]=127.0.0.1:19081 [catalog]=127.0.0.1:19082
    [order]=127.0.0.1:19083 [payment]=127.0.0.1:19084 [notification]=127.0.0.1:19085
)
ADMIN_EMAIL=bench-admin@bookstore.local
ADMIN_PASSWORD=bench-password-$RANDOM$RANDOM

BOOKSTORED=$ROOT/target/release/bookstored
BOOKSTORE=$ROOT/target/release/bookstore

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Cleanup: the store this script starts is stopped on exit, its PostgreSQL databases dropped.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bookstore-bench-import.XXXXXX")
STORE_PID=
PG_DBS=()
PG_DBS_CREATED=

stop_store() { # stop the store we started and wait for it (15 s, then KILL)
    local i
    [[ -n $STORE_PID ]] || return 0
    if kill -0 "$STORE_PID" 2>/dev/null; then
        kill -TERM "$STORE_PID" 2>/dev/null || true
        for ((i = 0; i < 150; i++)); do
            kill -0 "$STORE_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$STORE_PID" 2>/dev/null; then
            log "bookstored (pid $STORE_PID) did not stop in 15 s; killing it"
            kill -KILL "$STORE_PID" 2>/dev/null || true
        fi
    fi
    wait "$STORE_PID" 2>/dev/null || true
    STORE_PID=
}

drop_bench_dbs() {
    local db
    for db in "${PG_DBS[@]}"; do
        psql "$PG_URL/postgres" -qAt -v ON_ERROR_STOP=1 \
            -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 \
            || log "could not drop database $db"
    done
}

cleanup() {
    local status=$?
    set +e
    stop_store
    if [[ -n $PG_DBS_CREATED ]]; then drop_bench_dbs; fi
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Small helpers.
now_ns() { date +%s%N; }
port_free() { ! (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }
tcp_open() { (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; } # the whole machine
secs() { awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t / hz }'; }

wait_ready() { # url pid timeout_s -> 0 when url answers 200
    local url=$1 pid=$2 deadline=$(( $(date +%s) + $3 ))
    until curl -fso /dev/null --max-time 1 "$url"; do
        kill -0 "$pid" 2>/dev/null || return 1
        (( $(date +%s) < deadline )) || return 1
        sleep 0.05
    done
}

# ---------------------------------------------------------------------------------------------
# 1. Binaries, ports, the file.
command -v curl >/dev/null || die "curl is needed"
command -v python3 >/dev/null || die "python3 is needed"
if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    log "building release binaries"
    (cd "$ROOT" && cargo build --release --quiet --bin bookstored --bin bookstore)
fi
[[ -x $BOOKSTORED && -x $BOOKSTORE ]] || die "no release binaries in $ROOT/target/release"
for svc in "${SERVICES_ALL[@]}"; do
    port_free "${ADDR[$svc]}" || die "${ADDR[$svc]} is already in use (another bench running?)"
done

# The services this build has besides the user service, the catalog and the gateway; on
# PostgreSQL each gets a bench database of its own.
EXTRA_SERVICES=()
for svc in order payment notification; do
    refusal=$(env -u BOOKSTORE_AMQP_URL -u BOOKSTORE_DATABASE_URL "$BOOKSTORED" "$svc" 2>&1 >/dev/null || true)
    [[ $refusal == *"not part of this build"* ]] || EXTRA_SERVICES+=("$svc")
done

GENRES=(fantasy science-fiction mystery thriller romance history biography poetry
    philosophy classics science travel)
FILE=$TMP/books.csv
log "generating $ROWS rows"
python3 - "$ROWS" "$FILE" "${GENRES[@]}" <<'PY'
import csv, random, sys

rows, path, genres = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
rnd = random.Random(20261126)
first = ("Ada Alan Anna Bea Carl Clara Dora Emil Eva Felix Greta Hugo Ida Ines Jon Karl Lea "
         "Lena Lars Maya Mila Nils Olga Omar Pia Rosa Sara Tom Ugo Vera Wim Yara Zoe").split()
last = ("Abbott Bauer Castro Dahl Eriksen Fischer Garcia Holm Iversen Jansen Keller Lindqvist "
        "Moreau Novak Olsen Petrov Quinn Rossi Santos Takeda Ueda Vargas Weber Xu Young Zeller "
        "Brandt Costa Duarte Engel Falk Grant Hart Ito Jung Kato Lund Marsh Nagy Ortiz").split()
authors = [f"{f} {m}. {l}" for f in first for m in "ABCDEFGHJKLMNPRST" for l in last]
rnd.shuffle(authors)
authors = authors[:20000]
adjectives = ("Silent Broken Golden Hidden Last Lost Northern Quiet Red Second Secret Shining "
              "Small Strange Sunken Wandering White Winter Wild Young").split()
nouns = ("Archive Bridge Castle City Compass Garden Harbour Island Kingdom Lantern Library "
         "Mirror Mountain Orchard River Road Season Sea Star Storm Tower Valley Voyage").split()
places = ("the North Avalon Dusk the Deep Morning Glass Ashes Ember the Tide Salt "
          "the Moors Iron Amber the Lakes").split()
sentences = [
    "A story of courage set against a changing world.",
    "Two families meet across three generations and a long winter.",
    "An unlikely friendship grows in a town that forgot its past.",
    "What begins as a small lie becomes the secret of a whole city.",
    "A map, a missing letter and a journey nobody wanted to take.",
    "The author draws on years of research and a lifetime of travel.",
    "Told in letters, it follows a summer that changed everything.",
    "A sharp and funny portrait of ambition, luck and loyalty.",
]
publishers = [f"{w} Press" for w in ("Harbor Lantern Meridian Northwind Oakleaf Pinecone Riverbend "
                                     "Saltmarsh Tidewater Willow").split()] + \
             [f"{w} Books" for w in "Atlas Beacon Cobalt Driftwood Evergreen".split()]
currencies = ["EUR", "EUR", "EUR", "USD", "GBP"]
languages = ["en", "en", "en", "de", "fr", "es", "it"]

def isbn13(n):
    body = f"978{n:09d}"
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)

with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["isbn", "title", "subtitle", "description", "authors", "genres", "language",
                "pages", "published_on", "publisher", "price", "currency", "stock"])
    for i in range(rows):
        title = f"The {rnd.choice(adjectives)} {rnd.choice(nouns)} of {rnd.choice(places)}"
        if rnd.random() < 0.3:
            title += f", Book {rnd.randint(2, 9)}"
        w.writerow([
            isbn13(100_000_000 + i * 7),
            title,
            "A Novel" if rnd.random() < 0.2 else "",
            " ".join(rnd.sample(sentences, rnd.randint(2, 4))),
            ";".join(rnd.sample(authors, 1 if rnd.random() < 0.85 else 2)),
            ";".join(rnd.sample(genres, rnd.randint(1, 2))),
            rnd.choice(languages),
            rnd.randint(90, 900),
            f"{rnd.randint(1950, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            rnd.choice(publishers),
            f"{rnd.randint(4, 59)}.{rnd.choice(['00', '49', '95', '99'])}",
            rnd.choice(currencies),
            rnd.randint(0, 40),
        ])
PY
FILE_MIB=$(du -m "$FILE" | cut -f1)
SAMPLE_ISBN=$(awk -F, 'NR == 1 + int('"$ROWS"' / 2) { print $1 }' "$FILE")
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# 2. One run: a fresh store on `label`'s storage, the genres, the import, the same again.
store_env=(
    BOOKSTORE_ADMIN_EMAIL="$ADMIN_EMAIL"
    BOOKSTORE_ADMIN_PASSWORD="$ADMIN_PASSWORD"
    BOOKSTORE_GATEWAY_RATE_LIMIT=0
    BOOKSTORE_ACCESS_TOKEN_TTL=1h
    BOOKSTORE_LOG=warn
)
for svc in "${SERVICES_ALL[@]}"; do store_env+=("BOOKSTORE_${svc^^}_LISTEN=${ADDR[$svc]}"); done

RESULT_ROWS=()
run_import() { # label [env...] -> appends a row to RESULT_ROWS
    local label=$1; shift
    local data=$TMP/data-$label cfg=$TMP/cli-$label token t0 ns c0 m0 cpu busy out
    env "${store_env[@]}" BOOKSTORE_DATA_DIR="$data" "$@" \
        "$BOOKSTORED" --no-demo >"$TMP/$label.out" 2>"$TMP/$label.log" &
    STORE_PID=$!
    wait_ready "$GW/readyz" "$STORE_PID" 60 \
        || { tail -n 20 "$TMP/$label.log" >&2; die "bookstored ($label) did not become ready (log above)"; }

    # A token through the CLI, as an admin would get one.
    mkdir -p "$cfg"
    printf '%s' "$ADMIN_PASSWORD" | BOOKSTORE_CONFIG_DIR="$cfg" "$BOOKSTORE" --gateway "$GW" -q \
        auth login --email "$ADMIN_EMAIL" --password-stdin >/dev/null 2>"$cfg/login.err" \
        || { cat "$cfg/login.err" >&2; die "bookstore auth login failed"; }
    token=$(BOOKSTORE_CONFIG_DIR="$cfg" "$BOOKSTORE" --gateway "$GW" auth token)
    BOOKSTORE_CONFIG_DIR="$cfg" "$BOOKSTORE" --gateway "$GW" -q auth logout >/dev/null 2>&1 || true
    cli() { BOOKSTORE_CONFIG_DIR="$cfg" BOOKSTORE_TOKEN="$token" "$BOOKSTORE" --gateway "$GW" "$@"; }
    local g
    for g in "${GENRES[@]}"; do cli -q genres add --name "${g//-/ }" --slug "$g" >/dev/null; done

    local pass summary
    for pass in first again; do
        log "$label: importing $ROWS rows ($pass)"
        c0=$(cpu_ticks "$STORE_PID"); m0=$(busy_ticks); t0=$(now_ns)
        summary=$(cli books import "$FILE" --batch-size "$BATCH_SIZE" --concurrency "$CONCURRENCY" 2>&1) \
            || { printf '%s\n' "$summary" | tail -n 5 >&2; die "$label: the import failed"; }
        ns=$(( $(now_ns) - t0 ))
        cpu=$(( $(cpu_ticks "$STORE_PID") - c0 )); busy=$(( $(busy_ticks) - m0 ))
        summary=$(printf '%s\n' "$summary" | tail -n 1)
        local want="created $ROWS, updated 0, unchanged 0, failed 0"
        [[ $pass == again ]] && want="created 0, updated 0, unchanged $ROWS, failed 0"
        [[ $summary == "$want" ]] || die "$label ($pass): the import said \"$summary\", not \"$want\""
        local rate
        rate=$(awk -v n="$ROWS" -v ns="$ns" 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
        log "$label ($pass): $summary in $(awk -v ns="$ns" 'BEGIN { printf "%.2f", ns / 1e9 }') s: $rate rows/s (CPU: bookstored $(secs "$cpu") s, machine $(secs "$busy") s)"
        out="| $label | $pass ($([[ $pass == first ]] && echo created || echo unchanged)) | $(awk -v ns="$ns" 'BEGIN { printf "%.2f", ns / 1e9 }') | **$rate** | $(secs "$cpu") | $(secs "$busy") |"
        RESULT_ROWS+=("$out")
        if [[ $pass == first ]]; then
            # What was imported is searchable: by ISBN, and by a word of many titles.
            local hits
            hits=$(curl -fsS "$GW/api/v1/books?q=$SAMPLE_ISBN" | python3 -c \
                'import json, sys; print(len(json.load(sys.stdin)["items"]))')
            [[ $hits == 1 ]] || die "$label: searching for ISBN $SAMPLE_ISBN found $hits books"
            hits=$(curl -fsS "$GW/api/v1/books?q=lantern&limit=100" | python3 -c \
                'import json, sys; print(len(json.load(sys.stdin)["items"]))')
            [[ $hits == 100 ]] || die "$label: searching for \"lantern\" found $hits books"
        fi
    done
    stop_store
}

if [[ ${BENCH_NO_SQLITE:-} != 1 ]]; then run_import sqlite; fi

PG_NOTE=
if [[ ${BENCH_NO_PG:-} == 1 ]]; then
    PG_NOTE="PostgreSQL: skipped (BENCH_NO_PG=1)."
elif ! tcp_open 127.0.0.1:5432; then
    PG_NOTE="PostgreSQL: skipped, nothing listens on 127.0.0.1:5432."
elif ! command -v psql >/dev/null; then
    PG_NOTE="PostgreSQL: skipped, psql is needed to drop the bench databases afterwards."
else
    PG_DBS=()
    pg_env=(BOOKSTORE_DATABASE_URL="$PG_URL")
    for svc in user catalog "${EXTRA_SERVICES[@]}"; do
        PG_DBS+=("$BENCH_DB_PREFIX$svc")
        pg_env+=("BOOKSTORE_${svc^^}_DATABASE_URL=$PG_URL/$BENCH_DB_PREFIX$svc")
    done
    drop_bench_dbs # leftovers of an interrupted run
    PG_DBS_CREATED=1
    run_import postgresql "${pg_env[@]}"
    drop_bench_dbs
    PG_DBS_CREATED=
    PG_VERSION=$(psql "$PG_URL/postgres" -qAt -c 'SHOW server_version' 2>/dev/null || echo '?')
    PG_NOTE="PostgreSQL $PG_VERSION on the same machine (databases ${PG_DBS[*]}, dropped afterwards)."
fi

# ---------------------------------------------------------------------------------------------
# 3. The report.
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ", with uncommitted changes" || true)
BUILT=$(date -u -r "$BOOKSTORED" '+%Y-%m-%d %H:%M')
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
REPORT=$TMP/report.md
{
    echo "# Import benchmark, $(date -u '+%Y-%m-%d %H:%M') UTC"
    echo
    echo "commit $COMMIT$DIRTY; binaries built $BUILT;"
    echo "$(nproc) CPUs ($CPU_MODEL); Linux $(uname -r); python $(python3 -c 'import platform; print(platform.python_version())');"
    echo "load average (1 min) at the start $LOAD_START, at the end $LOAD_END: other work on the machine skews the numbers."
    echo
    echo "\`bookstore books import books.csv --batch-size $BATCH_SIZE --concurrency $CONCURRENCY\` of $ROWS generated rows"
    echo "($FILE_MIB MiB: ISBN-13, title, description, 1-2 of 20,000 authors, 1-2 of ${#GENRES[@]} genres, language,"
    echo "pages, date, publisher, price, stock) through the gateway into a fresh embedded \`bookstored --no-demo\`,"
    echo "timed from start to exit as a user runs it (reading the file, every batch, the summary);"
    echo "then the same file again, every row found unchanged. CPU: the \`bookstored\` process, and"
    echo "the whole machine (the CLI, bookstored and PostgreSQL share its $(nproc) cores)."
    echo
    echo "| storage | pass | seconds | rows/s | bookstored CPU s | machine CPU s |"
    echo "|---|---|---:|---:|---:|---:|"
    printf '%s\n' "${RESULT_ROWS[@]}"
    echo
    echo "SQLite: the embedded default (WAL, one writer). $PG_NOTE"
    echo
    echo "Target: 100,000 rows at $TARGET_RATE rows/s or more."
} >"$REPORT"
cat "$REPORT"
if [[ ${BENCH_NO_RESULTS:-} != 1 ]]; then
    mkdir -p "$ROOT/bench/results"
    out=$ROOT/bench/results/import-$(date -u +%F).md
    cp "$REPORT" "$out"
    log "wrote $out"
fi
