#!/usr/bin/env bash
# Search benchmark: `GET /api/v1/books` with a realistic mix of searches and browsing, on
# PostgreSQL with 100,000 and then 1,000,000 books, against the catalog service directly (the
# baseline) and through the gateway, measured in one run so the ratios compare like with like.
# Then the plan of each hot query shape at 1,000,000 books: the run fails if one reads `books`
# with a sequential scan.
#
#   bash bench/search.sh            # about 12 minutes once the release build is done
#
# Needs: a Rust toolchain, curl, python3, psql, rabbitmqctl, wrk, PostgreSQL on 127.0.0.1:5432
# (user postgres) and RabbitMQ on 127.0.0.1:5672 (guest/guest). Each run gets databases
# bookstore_bench_search_<run>_<service> and a RabbitMQ vhost bookstore_bench_search_<run>,
# dropped and deleted at the end (and on Ctrl-C). `bookstored user`, `catalog` and `gateway`
# run as separate processes on 127.0.0.1:18680-18682 (18680-18685 are this benchmark's) and
# keep their files in a temp dir. See bench/README.md for the method and what the numbers say.
#
# Knobs (environment):
#   BENCH_BOOKS=100000       the first catalog size    BENCH_BOOKS_LARGE=1000000  the second
#   BENCH_AUTHORS=30000      authors the books are drawn from (skewed: a few write many)
#   BENCH_DURATION=30s       each measured wrk run     BENCH_WARMUP=3s  the warm-up before it
#   BENCH_THREADS=2          wrk threads               BENCH_CONNECTIONS=16  wrk connections
#   BENCH_CLASS_DURATION=4s  each query class alone, one connection (0: skip those runs)
#   BENCH_CACHE="off on"     the catalog's search cache settings measured, in this order
#   BENCH_CACHE_TTL, BENCH_CACHE_SIZE  BOOKSTORE_CATALOG_SEARCH_CACHE_TTL / _SIZE when on
#                            (unset: the service's defaults)
#   BENCH_POOL_SIZE=16       BOOKSTORE_DATABASE_POOL_SIZE of the services
#   BENCH_WAIT_MAX=1800      seconds to wait for another benchmark to finish before each run
#   BENCH_NO_LARGE=1         stop after the first size (no growth, no plans at the large size)
#   BENCH_SKIP_BUILD=1       use target/release binaries as they are
#   BENCH_KEEP=1             keep the temp dir (logs, wrk output, the Lua mix, the plans)
#   BENCH_NO_RESULTS=1       print the report only, do not write bench/results/search-<date>.md
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432     BENCH_AMQP=amqp://guest:guest@127.0.0.1:5672
#   BENCH_COMMIT=...         what to record as the commit
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BOOKS=${BENCH_BOOKS:-100000}
BOOKS_LARGE=${BENCH_BOOKS_LARGE:-1000000}
AUTHORS=${BENCH_AUTHORS:-30000}
DURATION=${BENCH_DURATION:-30s}
WARMUP=${BENCH_WARMUP:-3s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
CLASS_DURATION=${BENCH_CLASS_DURATION:-4s}
read -r -a CACHE_MODES <<<"${BENCH_CACHE:-off on}"
CACHE_TTL=${BENCH_CACHE_TTL:-}
CACHE_SIZE=${BENCH_CACHE_SIZE:-}
POOL_SIZE=${BENCH_POOL_SIZE:-16}
WAIT_MAX=${BENCH_WAIT_MAX:-1800}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
AMQP_BASE=${BENCH_AMQP:-amqp://guest:guest@127.0.0.1:5672}
RUN_ID=$(date +%s)$$
DB_PREFIX=bookstore_bench_search_${RUN_ID}_
VHOST=bookstore_bench_search_$RUN_ID
LOAD_BATCH=100000 # books generated per set of statements

SERVICES=(user catalog gateway) # started in this order: the others fetch the user service's keys
declare -A OFFSET=([gateway]=0 [user]=1 [catalog]=2)
addr() { echo "127.0.0.1:$((18680 + OFFSET[$1]))"; }
CATALOG_DB=${DB_PREFIX}catalog
ADMIN_EMAIL=bench-admin@bookstore.local
ADMIN_PASSWORD=bench-password-$RANDOM$RANDOM

BOOKSTORED=$ROOT/target/release/bookstored
EXPLAIN=$ROOT/target/release/bookstore-search-explain
DEMO=$ROOT/daemons/catalog/data

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Cleanup: every process this script starts, the databases and the vhost.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bookstore-bench-search.XXXXXX")
declare -A PID
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

cleanup() {
    local status=$? svc db
    set +e
    for svc in gateway catalog user; do [[ -n ${PID[$svc]:-} ]] && stop_pid "${PID[$svc]}"; done
    for db in "${DBS[@]}"; do
        psql -X "$PG_URL/postgres" -qAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 \
            || log "could not drop database $db"
    done
    if [[ -n $VHOST_CREATED ]]; then
        rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || log "could not delete vhost $VHOST"
    fi
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
psql_cat() { psql -X "$PG_URL/$CATALOG_DB" -v ON_ERROR_STOP=1 "$@"; }
now_ns() { date +%s%N; }
secs_since() { awk -v t0="$1" -v t1="$(now_ns)" 'BEGIN { printf "%.1f", (t1 - t0) / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

wait_ready() { # url pid timeout_s
    local url=$1 pid=$2 deadline=$(($(date +%s) + $3))
    until curl -fso /dev/null --max-time 1 "$url"; do
        kill -0 "$pid" 2>/dev/null || return 1
        (($(date +%s) < deadline)) || return 1
        sleep 0.05
    done
}

CLK_TCK=$(getconf CLK_TCK)
ticks_of() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true; }
# With the CPU of its children that have exited: for the postmaster, whose children are also
# the parallel workers a query starts and ends within the run.
ticks_with_children() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true; }
# PostgreSQL's share: the backends of this run's databases and the server's own processes
# (WAL writer, checkpointer, autovacuum), not other users' backends on the shared server; and
# through the postmaster, the parallel workers that came and went.
pg_pids() {
    psql -X "$PG_URL/postgres" -qAt -c "SELECT pid FROM pg_stat_activity WHERE datname LIKE '${DB_PREFIX}%' OR backend_type <> 'client backend'" 2>/dev/null || true
}
POSTMASTER=$(pgrep -o -x postgres || true)

# snapshot FILE: "group pid ticks" per process of interest, and the time.
snapshot() {
    local out=$1 svc pid t
    : >"$out"
    for svc in "${SERVICES[@]}"; do
        t=$(ticks_of "${PID[$svc]}"); [[ -n $t ]] && echo "$svc ${PID[$svc]} $t" >>"$out"
    done
    for pid in $(pg_pids); do t=$(ticks_of "$pid"); [[ -n $t ]] && echo "postgres $pid $t" >>"$out"; done
    if [[ -n $POSTMASTER ]]; then
        t=$(ticks_with_children "$POSTMASTER"); [[ -n $t ]] && echo "postgres $POSTMASTER $t" >>"$out"
    fi
    echo "time 0 $(now_ns)" >>"$out"
}

# cpu_per_request BEFORE AFTER REQUESTS DURATION_US -> "group=µs of CPU per request" for each
# group: its CPU per second over the window between the snapshots, over wrk's requests per
# second. A pid counts only when it is in both snapshots.
cpu_per_request() {
    awk -v n="$3" -v dur="$4" -v hz="$CLK_TCK" '
        NR == FNR { before[$1 " " $2] = $3; next }
        $1 == "time" { window = ($3 - before["time 0"]) / 1e9; next }
        ($1 " " $2) in before { d[$1] += $3 - before[$1 " " $2] }
        END {
            for (k in d) printf "%s=%.0f\n", k, (n > 0 && window > 0 ? d[k] / hz / window / (n / (dur / 1e6)) * 1e6 : 0)
        }' "$1" "$2"
}

# Other benchmarks share this machine: wait until none is running, then note the load.
wait_quiet() {
    local waited=0 others
    while others=$(pgrep -af 'bench/(notifications|saga|gateway|import)\.sh' | grep -v pgrep || true); [[ -n $others ]]; do
        ((waited == 0)) && log "another benchmark is running, waiting for it (up to ${WAIT_MAX}s): $(echo "$others" | head -n1)"
        ((waited >= WAIT_MAX)) && { log "still running after ${WAIT_MAX}s; measuring anyway"; WAITED_OUT=1; break; }
        sleep 10
        waited=$((waited + 10))
    done
    ((waited > 0)) && log "waited ${waited}s for other benchmarks"
    return 0
}

# ---------------------------------------------------------------------------------------------
# 1. Binaries and servers.
for tool in curl python3 psql rabbitmqctl; do command -v "$tool" >/dev/null || die "$tool is needed"; done
WRK=$(command -v wrk || true)
[[ -n $WRK ]] || die "wrk is needed (Debian: apt-get install wrk)"
tcp_open 127.0.0.1:5432 || die "PostgreSQL is not listening on 127.0.0.1:5432"
tcp_open 127.0.0.1:5672 || die "RabbitMQ is not listening on 127.0.0.1:5672"
if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    log "building release binaries"
    (cd "$ROOT" && cargo build --release --quiet -p bookstored -p bookstore-search-explain)
fi
[[ -x $BOOKSTORED && -x $EXPLAIN ]] || die "no release binaries in $ROOT/target/release"
for svc in "${SERVICES[@]}"; do port_free "$(addr "$svc")" || die "$(addr "$svc") is already in use (another bench running?)"; done

# ---------------------------------------------------------------------------------------------
# 2. The vocabulary, from the demo catalog's real titles and descriptions (3,100 words):
# ranked by how often they occur there (ties in a fixed pseudo-random order), and drawn with
# Zipf's law, the weight of the word of rank r being 1/r. A table of 100,000 slots holds each
# word in proportion to its weight (the rarest in 3), so drawing a word is drawing a slot.
# Author names combine the demo authors' first and last names.
log "preparing the vocabulary"
python3 - "$DEMO" "$TMP" <<'PY'
import collections, hashlib, json, re, sys

demo, out = sys.argv[1], sys.argv[2]
counts = collections.Counter()
firsts, lasts = set(), set()
for line in open(f"{demo}/demo-books.jsonl", encoding="utf-8"):
    book = json.loads(line)
    for field in ("title", "subtitle", "description"):
        counts.update(w.lower() for w in re.findall(r"[^\W\d_]+", book.get(field) or ""))
    for name in book["authors"]:
        parts = name.split()
        if len(parts) >= 2 and parts[0].isalpha() and parts[-1].isalpha():
            firsts.add(parts[0])
            lasts.add(parts[-1])
# One-letter words other than "a" and "i" are what is left of "Darcy's" and the like.
words = [w for w in counts if len(w) > 1 or w in ("a", "i")]
ranked = sorted(words, key=lambda w: (-counts[w], hashlib.md5(w.encode()).hexdigest()))
slots = 100_000
weights = [1 / r for r in range(1, len(ranked) + 1)]
total = sum(weights)
bounds, acc = [], 0.0
for w in weights:
    acc += w / total
    bounds.append(acc)
with open(f"{out}/lut.tsv", "w", encoding="utf-8") as f:
    r = 0
    for slot in range(slots):
        while bounds[r] < (slot + 0.5) / slots:
            r += 1
        f.write(f"{slot}\t{ranked[r]}\n")
for name, values in (("first", firsts), ("last", lasts)):
    with open(f"{out}/{name}.tsv", "w", encoding="utf-8") as f:
        for i, v in enumerate(sorted(values)):
            f.write(f"{i}\t{v}\n")
with open(f"{out}/genres.tsv", "w", encoding="utf-8") as f:
    for line in open(f"{demo}/demo-genres.jsonl", encoding="utf-8"):
        g = json.loads(line)
        f.write(f"{g['slug']}\t{g['name']}\n")
print(f"{len(ranked)} words, {len(firsts)} first and {len(lasts)} last names", file=sys.stderr)
PY
GENRE_COUNT=$(wc -l <"$TMP/genres.tsv")

# ---------------------------------------------------------------------------------------------
# 3. Databases, vhost, migrations.
DBS=("${DB_PREFIX}user" "$CATALOG_DB")
rabbitmqctl -q add_vhost "$VHOST" >/dev/null || die "rabbitmqctl add_vhost $VHOST failed"
VHOST_CREATED=1
rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null || die "rabbitmqctl set_permissions failed"
store_env=(
    BOOKSTORE_ADMIN_EMAIL="$ADMIN_EMAIL"
    BOOKSTORE_ADMIN_PASSWORD="$ADMIN_PASSWORD"
    BOOKSTORE_GATEWAY_RATE_LIMIT=0
    BOOKSTORE_LOG=info
    BOOKSTORE_LOG_FORMAT=json
    BOOKSTORE_DATA_DIR="$TMP/data"
    BOOKSTORE_DATABASE_URL="$PG_URL/postgres"
    BOOKSTORE_USER_DATABASE_URL="$PG_URL/${DB_PREFIX}user"
    BOOKSTORE_CATALOG_DATABASE_URL="$PG_URL/$CATALOG_DB"
    BOOKSTORE_AMQP_URL="$AMQP_BASE/$VHOST"
    BOOKSTORE_SERVICE_TOKEN="bench-service-token-$RANDOM$RANDOM$RANDOM"
    BOOKSTORE_DATABASE_POOL_SIZE="$POOL_SIZE"
)
for svc in "${SERVICES[@]}"; do store_env+=("BOOKSTORE_${svc^^}_URL=http://$(addr "$svc")"); done
env "${store_env[@]}" "$BOOKSTORED" migrate user catalog >"$TMP/migrate.out" 2>"$TMP/migrate.log" \
    || { cat "$TMP/migrate.log" >&2; die "bookstored migrate failed"; }

# ---------------------------------------------------------------------------------------------
# 4. The books, straight into the catalog's tables with SQL, as the scale test does, but with
# text worth searching: titles (1-5 words), a subtitle on one book in five (2-5 words) and
# descriptions (12-47 words) of words drawn from the vocabulary; 1 author (2 on 15% of books)
# of $AUTHORS, the popular ones much more often; 1 genre (2 on 40%) of the demo's, fiction the
# most common; prices 3.00-32.99 mostly cheap, stock 0 on one book in ten, languages mostly
# English; one book every 90 s from 2023-01-01, its id a UUID v7 of that time like the
# service's. `books.search` is generated by PostgreSQL from these columns, as for any insert.
cat >"$TMP/setup.sql" <<'SQL'
CREATE SCHEMA bench_load;
CREATE TABLE bench_load.lut (slot int PRIMARY KEY, word text NOT NULL);
CREATE TABLE bench_load.first_names (n int PRIMARY KEY, name text NOT NULL);
CREATE TABLE bench_load.last_names (n int PRIMARY KEY, name text NOT NULL);
CREATE TABLE bench_load.genre_src (n serial PRIMARY KEY, slug text NOT NULL, name text NOT NULL);
\copy bench_load.lut FROM 'lut.tsv'
\copy bench_load.first_names FROM 'first.tsv'
\copy bench_load.last_names FROM 'last.tsv'
\copy bench_load.genre_src (slug, name) FROM 'genres.tsv'
INSERT INTO genres (id, slug, name, created_at)
SELECT md5('genre' || n)::uuid::text, slug, name, timestamp '2023-01-01' FROM bench_load.genre_src;
-- Distinct names: author a is the pair p = a * 7919 mod (firsts * lasts), a bijection.
INSERT INTO authors (id, name, name_folded, bio, created_at, updated_at)
SELECT md5('author' || a)::uuid::text, f.name || ' ' || l.name, lower(f.name || ' ' || l.name),
       NULL, timestamp '2023-01-01', timestamp '2023-01-01'
FROM generate_series(0, :authors - 1) a
CROSS JOIN (SELECT count(*) AS nf FROM bench_load.first_names) cf
CROSS JOIN (SELECT count(*) AS nl FROM bench_load.last_names) cl
CROSS JOIN LATERAL (SELECT (a::bigint * 7919) % (cf.nf * cl.nl) AS p) p
JOIN bench_load.first_names f ON f.n = p.p % cf.nf
JOIN bench_load.last_names l ON l.n = p.p / cf.nf;
SQL
cat >"$TMP/batch.sql" <<'SQL'
SET work_mem = '256MB';
SELECT setseed(:lo / 2000001.0);
-- One row per book: everything but its words.
CREATE UNLOGGED TABLE bench_load.src AS
SELECT i,
       1 + floor(random() * 5)::int AS tlen,
       CASE WHEN random() < 0.2 THEN 2 + floor(random() * 4)::int ELSE 0 END AS slen,
       12 + floor(random() * 36)::int AS dlen,
       floor(:authors * power(random(), 3))::int AS a1,
       CASE WHEN random() < 0.15 THEN floor(:authors * random())::int END AS a2,
       1 + floor(:genres * power(random(), 2))::int AS g1,
       CASE WHEN random() < 0.4 THEN 1 + floor(:genres * random())::int END AS g2,
       timestamp '2023-01-01' + i * interval '90 seconds' AS created_at
FROM generate_series(:lo, :hi) i;
-- Every word of every title, subtitle and description, as a slot of the Zipf table.
CREATE UNLOGGED TABLE bench_load.draws AS
SELECT s.i, k, floor(random() * 100000)::int AS slot
FROM bench_load.src s, generate_series(1, s.tlen + s.slen + s.dlen) k;
CREATE UNLOGGED TABLE bench_load.texts AS
SELECT d.i,
       initcap(string_agg(l.word, ' ' ORDER BY d.k) FILTER (WHERE d.k <= s.tlen)) AS title,
       initcap(string_agg(l.word, ' ' ORDER BY d.k)
               FILTER (WHERE d.k > s.tlen AND d.k <= s.tlen + s.slen)) AS subtitle,
       string_agg(l.word, ' ' ORDER BY d.k) FILTER (WHERE d.k > s.tlen + s.slen) AS description
FROM bench_load.draws d JOIN bench_load.src s USING (i) JOIN bench_load.lut l ON l.slot = d.slot
GROUP BY d.i;
INSERT INTO books (id, isbn, title, title_sort, subtitle, description, author_names, language,
                   pages, published_on, publisher, price_amount, currency, stock, version,
                   created_at, updated_at)
SELECT substr(h.ms, 1, 8) || '-' || substr(h.ms, 9, 4) || '-7' || substr(h.r, 1, 3) || '-'
           || (ARRAY['8', '9', 'a', 'b'])[1 + s.i % 4] || substr(h.r, 4, 3) || '-' || substr(h.r, 7, 12),
       '979' || lpad(s.i::text, 10, '0'),
       t.title, lower(t.title), t.subtitle,
       upper(left(t.description, 1)) || substr(t.description, 2) || '.',
       a1.name || coalesce(', ' || a2.name, ''),
       (ARRAY['en', 'en', 'en', 'en', 'en', 'en', 'en', 'de', 'fr', 'es', 'it'])[1 + floor(random() * 11)::int],
       80 + floor(random() * 700)::int,
       date '2025-12-31' - floor(36500 * power(random(), 3))::int,
       (ARRAY['Penguin', 'Vintage', 'Faber & Faber', 'HarperCollins', 'Macmillan', 'Bloomsbury',
              'Random House', 'Oxford University Press', 'Picador', 'Orbit', 'Tor', 'Gallimard',
              'Suhrkamp', 'Anagrama', 'Einaudi', 'O''Reilly', 'No Starch Press', 'Chatto & Windus'])[1 + floor(random() * 18)::int],
       (3 + floor(30 * power(random(), 2))::int) * 100 + (ARRAY[99, 99, 49, 95, 0])[1 + floor(random() * 5)::int],
       (ARRAY['EUR', 'EUR', 'EUR', 'GBP', 'USD'])[1 + floor(random() * 5)::int],
       CASE WHEN random() < 0.1 THEN 0 ELSE 1 + floor(random() * 60)::int END,
       1, s.created_at, s.created_at
FROM bench_load.src s
JOIN bench_load.texts t USING (i)
CROSS JOIN LATERAL (SELECT lpad(to_hex((extract(epoch FROM s.created_at) * 1000)::bigint), 12, '0') AS ms,
                           md5('book' || s.i) AS r) h
JOIN authors a1 ON a1.id = md5('author' || s.a1)::uuid::text
LEFT JOIN authors a2 ON a2.id = md5('author' || s.a2)::uuid::text AND s.a2 <> s.a1;
INSERT INTO book_authors (book_id, author_id, position)
SELECT b.id, md5('author' || s.a1)::uuid::text, 0
FROM bench_load.src s JOIN books b ON b.isbn = '979' || lpad(s.i::text, 10, '0')
UNION ALL
SELECT b.id, md5('author' || s.a2)::uuid::text, 1
FROM bench_load.src s JOIN books b ON b.isbn = '979' || lpad(s.i::text, 10, '0')
WHERE s.a2 IS NOT NULL AND s.a2 <> s.a1;
INSERT INTO book_genres (book_id, genre_id)
SELECT b.id, md5('genre' || g)::uuid::text
FROM bench_load.src s JOIN books b ON b.isbn = '979' || lpad(s.i::text, 10, '0'),
     LATERAL (SELECT DISTINCT g FROM unnest(ARRAY[s.g1, s.g2]) g WHERE g IS NOT NULL) gs;
DROP TABLE bench_load.src, bench_load.draws, bench_load.texts;
SQL

LOADED=0
LOAD_NOTES=()
load_books() { # up to N books in all
    local target=$1 t0 lo hi
    wait_quiet # loading takes both cores for a while: not in the middle of someone's run
    t0=$(now_ns)
    for ((lo = LOADED + 1; lo <= target; lo += LOAD_BATCH)); do
        hi=$((lo + LOAD_BATCH - 1))
        ((hi > target)) && hi=$target
        log "loading books $lo-$hi"
        (cd "$TMP" && psql_cat -q -v lo="$lo" -v hi="$hi" -v authors="$AUTHORS" -v genres="$GENRE_COUNT" \
            -f batch.sql >/dev/null) || die "loading books $lo-$hi failed"
    done
    # VACUUM as well as ANALYZE: autovacuum would otherwise visit the new rows in the middle
    # of a measured run, and the first reads would set hint bits on every page.
    psql_cat -q -c "VACUUM ANALYZE" >/dev/null
    LOADED=$target
    LOAD_NOTES+=("$target books: $(secs_since "$t0") s to generate, insert, VACUUM and ANALYZE; books $(psql_cat -qAt -c "SELECT pg_size_pretty(pg_table_size('books')) || ' + indexes ' || pg_size_pretty(pg_indexes_size('books')) || ' (GIN ' || pg_size_pretty(pg_relation_size('books_search')) || ')'"), $(psql_cat -qAt -c "SELECT (SELECT count(*) FROM book_authors) || ' author links, ' || (SELECT count(*) FROM book_genres) || ' genre links'")")
    log "${LOAD_NOTES[-1]}"
}

(cd "$TMP" && psql_cat -q -v authors="$AUTHORS" -f setup.sql >/dev/null) || die "preparing the catalog database failed"
load_books "$BOOKS"

# ---------------------------------------------------------------------------------------------
# 5. The request mix. The words come from the vocabulary as loaded, in rank order, keeping
# those the `english` configuration indexes (no stop words), of 3 letters or more. Each request
# of a run draws a class by weight, then its query from the class's whole space (a word of the
# class's ranks, a pair of them, a prefix, a genre) at the time it is sent: a search cache then
# meets as many different queries as readers would send, not a fixed few hundred. The first
# 200 draws of each class, made the same way, are kept for the report and the plans.
psql_cat -qAt -c "SELECT word FROM bench_load.lut GROUP BY word
                  HAVING word ~ '^[a-z]{3,}$' AND to_tsvector('english', word) <> ''::tsvector
                  ORDER BY min(slot)" >"$TMP/words.txt"
cut -f1 "$TMP/genres.tsv" >"$TMP/genre-slugs.txt"
python3 - "$TMP" <<'PY'
import random, sys

tmp = sys.argv[1]
words = open(f"{tmp}/words.txt").read().split()
genres = open(f"{tmp}/genre-slugs.txt").read().split()
rnd = random.Random(20261207)
n = 200

lists = {
    "common": words[:40],
    "top400": words[:400],
    "rare": words[800:2500],
    "longish": [w for w in words[:800] if len(w) >= 5],
    "genres": genres,
    "sorts": ["newest", "price"],
}


def pick(name):
    return rnd.choice(lists[name])


def prefix():
    # As typed so far: 3 to 5 letters, always short of the whole word.
    w = pick("longish")
    return w[: min(len(w) - 1, rnd.randint(3, 5))]


# Each class: name, weight, what it is, and its generator twice: in Python for the samples,
# in Lua for the run (`pick(t)` is a uniform draw from the list t).
classes = [
    ("common", 20, "one of the 40 most common words",
     lambda: f"q={pick('common')}",
     'return "q=" .. pick(common)'),
    ("rare", 15, "a word of rank 800-2,500",
     lambda: f"q={pick('rare')}",
     'return "q=" .. pick(rare)'),
    ("two_words", 15, "two words of the 400 most common",
     lambda: f"q={pick('top400')}+{pick('top400')}",
     'return "q=" .. pick(top400) .. "+" .. pick(top400)'),
    ("prefix", 15, "the first 3-5 letters of one of the 800 most common words",
     lambda: f"q={prefix()}",
     'local w = pick(longish) return "q=" .. string.sub(w, 1, math.min(#w - 1, math.random(3, 5)))'),
    ("genre_price", 10, "a word of the 400 most common, one genre, sort=price",
     lambda: f"q={pick('top400')}&genre={pick('genres')}&sort=price",
     'return "q=" .. pick(top400) .. "&genre=" .. pick(genres) .. "&sort=price"'),
    ("browse", 25, "no q: sort=newest or sort=price, one genre on half of them, first page",
     lambda: f"sort={pick('sorts')}" + (f"&genre={pick('genres')}" if rnd.random() < 0.5 else ""),
     'local q = "sort=" .. pick(sorts) if math.random() < 0.5 then q = q .. "&genre=" .. pick(genres) end return q'),
]
samples = {name: [gen() for _ in range(n)] for name, _, _, gen, _ in classes}
with open(f"{tmp}/classes.tsv", "w") as f:
    for name, weight, what, _, _ in classes:
        f.write(f"{name}\t{weight}\t{what}\t{samples[name][0]}\n")
with open(f"{tmp}/queries.tsv", "w") as f:
    for name, *_ in classes:
        for q in samples[name]:
            f.write(f"{name}\t{q}\n")
lua = ["-- Generated by bench/search.sh: the request mix."]
for name, values in lists.items():
    lua.append(f"local {name} = {{ " + ", ".join(f'"{v}"' for v in values) + " }")
lua.append("local function pick(t) return t[math.random(#t)] end")
lua.append("local classes = {")
for name, weight, _, _, gen in classes:
    lua.append(f'  {{ name = "{name}", weight = {weight}, gen = function() {gen} end }},')
lua.append("}")
lua.append(r'''
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local active, total = {}, 0
function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0))
  for _, c in ipairs(classes) do
    if args[1] == nil or args[1] == c.name then
      table.insert(active, c)
      total = total + c.weight
    end
  end
end

function request()
  local r = math.random() * total
  local pick = active[#active]
  for _, c in ipairs(active) do
    r = r - c.weight
    if r <= 0 then pick = c break end
  end
  return wrk.format("GET", "/api/v1/books?" .. pick.gen())
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%.0f p95_us=%.0f p99_us=%.0f max_us=%.0f timeouts=%d socket_errors=%d status_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.timeout, e.connect + e.read + e.write, e.status))
end
''')
open(f"{tmp}/mix.lua", "w").write("\n".join(lua))
PY
mapfile -t CLASSES < <(cut -f1 "$TMP/classes.tsv")

# ---------------------------------------------------------------------------------------------
# 6. The services, each its own process. The catalog is started again for each setting of
# its search cache: `off` (BOOKSTORE_CATALOG_SEARCH_CACHE_TTL=0, the store as it was before the
# cache) and `on` (the defaults, or BENCH_CACHE_TTL and BENCH_CACHE_SIZE), so both are
# measured in one run on the same data.
start_service() { # svc [VAR=value...]
    local svc=$1
    shift
    env "${store_env[@]}" "BOOKSTORE_${svc^^}_LISTEN=$(addr "$svc")" "$@" \
        "$BOOKSTORED" "$svc" >>"$TMP/$svc.out" 2>>"$TMP/$svc.log" &
    PID[$svc]=$!
    # The gateway's /readyz asks every service it routes to, and only user and catalog run
    # here: it is ready for this benchmark once it answers a listing through the catalog.
    local ready="http://$(addr "$svc")/readyz"
    [[ $svc == gateway ]] && ready="http://$(addr "$svc")/api/v1/books?limit=1"
    wait_ready "$ready" "${PID[$svc]}" 60 \
        || { tail -n 20 "$TMP/$svc.log" >&2; die "bookstored $svc did not become ready (log above)"; }
}
cache_env() { # off|on -> the catalog's variables for that setting
    if [[ $1 == off ]]; then
        echo BOOKSTORE_CATALOG_SEARCH_CACHE_TTL=0
    else
        [[ -n $CACHE_TTL ]] && echo "BOOKSTORE_CATALOG_SEARCH_CACHE_TTL=$CACHE_TTL"
        [[ -n $CACHE_SIZE ]] && echo "BOOKSTORE_CATALOG_SEARCH_CACHE_SIZE=$CACHE_SIZE"
    fi
    return 0
}
CACHE_NOW=
restart_catalog() { # off|on: a fresh catalog process with that cache setting (an empty cache)
    local i
    [[ $1 == "$CACHE_NOW" ]] && return 0
    [[ -n ${PID[catalog]:-} ]] && stop_pid "${PID[catalog]}"
    mapfile -t extra < <(cache_env "$1")
    start_service catalog "${extra[@]}"
    CACHE_NOW=$1
    # The gateway's pooled connections to the old process are gone: a few requests through
    # it, so that none of the measured ones meets a closed connection.
    for ((i = 0; i < 20; i++)); do curl -fso /dev/null "${BASE[gateway]}/api/v1/books?limit=1" || true; done
}
declare -A BASE=([direct]="http://$(addr catalog)" [gateway]="http://$(addr gateway)")
for svc in "${SERVICES[@]}"; do
    if [[ $svc == catalog ]]; then
        mapfile -t extra < <(cache_env "${CACHE_MODES[0]}")
        start_service catalog "${extra[@]}"
        CACHE_NOW=${CACHE_MODES[0]}
    else
        start_service "$svc"
    fi
done

# Every class answers 200 on both paths, and a common word finds a full page.
while IFS=$'\t' read -r name _ _ query; do
    for p in direct gateway; do
        body=$(curl -fsS "${BASE[$p]}/api/v1/books?$query") || die "GET /api/v1/books?$query via $p failed"
        if [[ $name == common ]]; then
            items=$(printf '%s' "$body" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))')
            [[ $items == 20 ]] || die "GET /api/v1/books?$query via $p found $items books, not a page of 20"
        fi
    done
done <"$TMP/classes.tsv"

# ---------------------------------------------------------------------------------------------
# 7. Measuring.
WAITED_OUT=
# run_wrk TAG URL DURATION THREADS CONNECTIONS [class] -> $TMP/TAG.{out,before,after}
run_wrk() {
    local tag=$1 url=$2 dur=$3 t=$4 c=$5 class=${6:-} wrk_pid wrk_ticks=
    # A request still unanswered after 30 s counts as a timeout (reported, not fatal): wrk's
    # default of 2 s would cut off the slowest searches at a million books and hide them.
    "$WRK" -t"$t" -c"$c" -d"$dur" --timeout 30s -s "$TMP/mix.lua" "$url" ${class:+-- "$class"} >"$TMP/$tag.out" 2>&1 &
    wrk_pid=$!
    sleep 0.2 # wrk's threads connect
    snapshot "$TMP/$tag.before"
    echo "wrk $wrk_pid $(ticks_of "$wrk_pid")" >>"$TMP/$tag.before"
    cache_counts >"$TMP/$tag.cache-before"
    # The window ends when wrk prints its summary; wrk's own CPU is its last reading before.
    while kill -0 "$wrk_pid" 2>/dev/null && ! grep -q '^RESULT' "$TMP/$tag.out"; do
        wrk_ticks=$(ticks_of "$wrk_pid")
        sleep 0.1
    done
    snapshot "$TMP/$tag.after"
    [[ -n $wrk_ticks ]] && echo "wrk $wrk_pid $wrk_ticks" >>"$TMP/$tag.after"
    cache_counts >"$TMP/$tag.cache-after"
    wait "$wrk_pid" || { cat "$TMP/$tag.out" >&2; die "wrk ($tag) failed"; }
    grep -q '^RESULT' "$TMP/$tag.out" || { cat "$TMP/$tag.out" >&2; die "wrk ($tag) printed no result"; }
    local errs
    errs=$(sed -n 's/^RESULT.*socket_errors=\([0-9]*\) status_errors=\([0-9]*\)$/\1 \2/p' "$TMP/$tag.out")
    [[ $errs == "0 0" ]] || { cat "$TMP/$tag.out" >&2; die "wrk ($tag) saw errors (socket, non-2xx): $errs"; }
    local timeouts
    timeouts=$(res "$tag" timeouts)
    [[ $timeouts == 0 || $tag == *warmup ]] || log "wrk ($tag): $timeouts requests timed out (30 s)"
}
res() { sed -n "s/^RESULT.* $2=\([0-9]*\).*/\1/p" "$TMP/$1.out" | head -n1; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
rps() { awk -v n="$(res "$1" requests)" -v us="$(res "$1" duration_us)" 'BEGIN { printf "%.0f", n / (us / 1e6) }'; }
cpu_of() { cpu_per_request "$TMP/$1.before" "$TMP/$1.after" "$(res "$1" requests)" "$(res "$1" duration_us)" | awk -F= -v g="$2" '$1 == g { print $2 }'; }

# The catalog's search cache counters, "hit N", "shared N", "miss N", and its size, "bytes N"
# (nothing when it is off).
cache_counts() {
    curl -fsS --max-time 5 "${BASE[direct]}/metrics" 2>/dev/null \
        | sed -n -e 's/^bookstore_catalog_search_cache_lookups_total{.*outcome="\([a-z]*\)".*} \([0-9.e+]*\)$/\1 \2/p' \
            -e 's/^bookstore_catalog_search_cache_bytes{.*} \([0-9.e+]*\)$/bytes \1/p' || true
}
cache_mib() { awk '$1 == "bytes" { printf "%.1f", $2 / 1048576 }' "$TMP/$1.cache-after"; }
# cache_rate TAG -> "hit rate % (hit/shared/miss)" over the run, or "off".
cache_rate() {
    awk 'NR == FNR { before[$1] = $2; next } { d[$1] = $2 - before[$1] }
         END { n = d["hit"] + d["shared"] + d["miss"]
               if (n == 0) { print "off"; exit }
               printf "%.1f%% (%d / %d / %d)", 100 * (d["hit"] + d["shared"]) / n, d["hit"], d["shared"], d["miss"] }' \
        "$TMP/$1.cache-before" "$TMP/$1.cache-after"
}
rss_mib() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || true; }

declare -A R # "<books>.<cache>.<path>.<what>" -> value
MAIN_ROWS=()
CLASS_ROWS=()
LOADS=()
measure_size() {
    local books=$1 p tag label mode k
    for mode in "${CACHE_MODES[@]}"; do
        restart_catalog "$mode"
        for p in direct gateway; do
            wait_quiet
            LOADS+=("$books books, cache $mode, $p: load average $(cut -d' ' -f1-3 /proc/loadavg)")
            log "$books books, cache $mode, $p: warm-up $WARMUP, then $DURATION (wrk -t$THREADS -c$CONNECTIONS)"
            run_wrk "$books-$mode-$p-warmup" "${BASE[$p]}" "$WARMUP" "$THREADS" "$CONNECTIONS"
            tag=$books-$mode-$p
            k=$books.$mode.$p
            run_wrk "$tag" "${BASE[$p]}" "$DURATION" "$THREADS" "$CONNECTIONS"
            R[$k.rps]=$(rps "$tag")
            R[$k.p50]=$(res "$tag" p50_us); R[$k.p95]=$(res "$tag" p95_us); R[$k.p99]=$(res "$tag" p99_us)
            log "$books books, cache $mode, $p: $(rps "$tag") req/s, p50 $(ms "${R[$k.p50]}") ms, p95 $(ms "${R[$k.p95]}") ms, p99 $(ms "${R[$k.p99]}") ms, cache $(cache_rate "$tag")"
            label=$([[ $p == direct ]] && echo "direct (catalog)" || echo "through the gateway")
            MAIN_ROWS+=("| $books | $mode | $label | **${R[$k.rps]}** | $(res "$tag" timeouts) | $(ms "${R[$k.p50]}") | **$(ms "${R[$k.p95]}")** | $(ms "${R[$k.p99]}") | $(cache_rate "$tag") | $(cpu_of "$tag" gateway) | $(cpu_of "$tag" catalog) | $(cpu_of "$tag" postgres) | $(cpu_of "$tag" wrk) | $(rss_mib "${PID[catalog]}") | $(cache_mib "$tag") |")
        done
    done
    [[ $CLASS_DURATION == 0 || $CLASS_DURATION == 0s ]] && return 0
    # Each class alone, one connection, straight to the catalog without its cache: the time
    # one request of it takes with nothing queued in front of it, and what it costs.
    restart_catalog off
    wait_quiet
    local class
    for class in "${CLASSES[@]}"; do
        tag=$books-class-$class
        log "$books books, class $class alone: $CLASS_DURATION, one connection"
        run_wrk "$tag-warmup" "${BASE[direct]}" 1s 1 1 "$class"
        run_wrk "$tag" "${BASE[direct]}" "$CLASS_DURATION" 1 1 "$class"
        R[$books.$class.p50]=$(res "$tag" p50_us); R[$books.$class.p95]=$(res "$tag" p95_us)
        CLASS_ROWS+=("| $books | $class | $(matches "$class") | $(rps "$tag") | $(ms "${R[$books.$class.p50]}") | $(ms "${R[$books.$class.p95]}") | $(ms "$(res "$tag" p99_us)") | $(cpu_of "$tag" catalog) | $(cpu_of "$tag" postgres) |")
    done
}

# matches CLASS: how many books the words of the class's first 15 queries match (median and
# largest), with the tsquery the service builds (every word of 2+ letters a prefix).
matches() {
    [[ $1 == browse ]] && { echo "all"; return 0; }
    grep -P "^$1\t" "$TMP/queries.tsv" | head -n 15 | cut -f2 | python3 -c '
import re, sys, urllib.parse
for line in sys.stdin:
    q = urllib.parse.parse_qs(line.strip())["q"][0]
    words = [w.lower() for w in re.split(r"[^\w]+", q) if w]
    ts = " & ".join(w + ":*" if len(w) >= 2 else w for w in words)
    print(f"SELECT count(*) FROM books WHERE search @@ to_tsquery($$english$$, $${ts}$$);")' \
        | psql_cat -qAt | sort -n | awk '{ v[NR] = $1 } END { printf "%d / %d", v[int((NR + 1) / 2)], v[NR] }'
}

# The plans of the hot shapes, through the catalog's own parser and SQL.
explain_shapes() { # [--analyze] -> stdout; exit status 2 when a plan scans books sequentially
    local common rare two prefix genre
    common=$(grep -P '^common\t' "$TMP/queries.tsv" | head -n1 | cut -f2)
    rare=$(grep -P '^rare\t' "$TMP/queries.tsv" | head -n1 | cut -f2)
    two=$(grep -P '^two_words\t' "$TMP/queries.tsv" | head -n1 | cut -f2)
    prefix=$(grep -P '^prefix\t' "$TMP/queries.tsv" | head -n1 | cut -f2)
    genre=$(grep -P '^genre_price\t' "$TMP/queries.tsv" | head -n1 | cut -f2)
    BOOKSTORE_CATALOG_DATABASE_URL="$PG_URL/$CATALOG_DB" "$EXPLAIN" "$@" \
        "text search, a common word=$common" \
        "text search, a rarer word=$rare" \
        "text search, two words=$two" \
        "prefix=$prefix" \
        "genre filter + price sort=$genre" \
        "newest=sort=newest" \
        "price=sort=price" \
        "text search, a cursor page=$common&page=2" \
        "genre filter + price sort, a cursor page=$genre&page=2" \
        "newest, a cursor page=sort=newest&page=2"
}

START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
measure_size "$BOOKS"
explain_shapes --analyze >"$TMP/plans-$BOOKS.md" 2>"$TMP/plans-$BOOKS.err" || true

SEQ_SCAN=
if [[ ${BENCH_NO_LARGE:-} != 1 ]]; then
    load_books "$BOOKS_LARGE"
    measure_size "$BOOKS_LARGE"
    log "plans at $BOOKS_LARGE books"
    if ! explain_shapes >"$TMP/plans-check.md" 2>"$TMP/plans-check.err"; then
        SEQ_SCAN=$(cat "$TMP/plans-check.err")
        log "$SEQ_SCAN"
    fi
    explain_shapes --analyze >"$TMP/plans-$BOOKS_LARGE.md" 2>>"$TMP/plans-$BOOKS_LARGE.err" || true
fi
END_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# 8. The report.
COMMIT=${BENCH_COMMIT:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)}
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no -- daemons bench 2>/dev/null | grep -q . && echo ", with uncommitted changes" || true)
BUILT=$(date -u -r "$BOOKSTORED" '+%Y-%m-%d %H:%M')
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
PG_VERSION=$(psql -X "$PG_URL/postgres" -qAt -c 'SHOW server_version')
PG_SETTINGS=$(psql -X "$PG_URL/postgres" -qAt -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'random_page_cost', 'effective_cache_size', 'jit')")
met() { if [[ $1 == 1 ]]; then echo met; else echo "**missed**"; fi; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? 1 : 0 }'; }
REPORT=$TMP/report.md
{
    echo "# Search benchmark, $(date -u '+%Y-%m-%d %H:%M') UTC"
    echo
    echo "commit $COMMIT$DIRTY; binaries built $BUILT UTC; $(nproc) CPUs ($CPU_MODEL); Linux $(uname -r);"
    echo "PostgreSQL $PG_VERSION ($PG_SETTINGS) and RabbitMQ on the same machine; $("$WRK" --version 2>&1 | head -n1 | awk '{ print $1, $2 }')."
    echo "Load average (1, 5, 15 min) at the start $START_LOAD, at the end $END_LOAD; before each measured run:"
    printf -- '- %s\n' "${LOADS[@]}"
    [[ -n $WAITED_OUT ]] && echo "- another benchmark was still running after ${WAIT_MAX}s of waiting: the numbers are disturbed"
    echo
    echo "\`bookstored user\`, \`catalog\` and \`gateway\`, one process each, on PostgreSQL (pool $POOL_SIZE) and RabbitMQ;"
    echo "the gateway's rate limit off. Books loaded with SQL (see bench/README.md):"
    printf -- '- %s\n' "${LOAD_NOTES[@]}"
    echo
    echo "## \`GET /api/v1/books\`, the mix"
    echo
    echo "wrk -t$THREADS -c$CONNECTIONS, $WARMUP warm-up, then $DURATION measured, on the same machine. Each request is drawn from:"
    echo
    echo "| class | weight | what | e.g. |"
    echo "|---|---:|---|---|"
    while IFS=$'\t' read -r name weight what query; do echo "| $name | $weight | $what | \`$query\` |"; done <"$TMP/classes.tsv"
    echo
    echo "CPU in µs per request, from /proc/PID/stat over the measured run: each service process, PostgreSQL"
    echo "(this run's backends, the server's own processes, and the parallel workers that ended, through the"
    echo "postmaster's children's time) and wrk."
    echo
    echo "Cache: the catalog's search cache off (BOOKSTORE_CATALOG_SEARCH_CACHE_TTL=0, as before it existed) or on"
    echo "(${CACHE_TTL:-the default TTL}, ${CACHE_SIZE:-the default size}), a fresh catalog process for each. Hit rate: the share"
    echo "of requests the cache answered (hit / shared / miss counts) over the measured run, from its"
    echo "\`bookstore_catalog_search_cache_lookups\` counters. RSS: the catalog process's VmRSS after the run; cached: what"
    echo "its cached pages weigh then (\`bookstore_catalog_search_cache_bytes\`)."
    echo
    echo "| books | cache | path | req/s | timeouts | p50 ms | p95 ms | p99 ms | hit rate | gateway µs | catalog µs | PostgreSQL µs | wrk µs | catalog RSS MiB | cached MiB |"
    echo "|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${MAIN_ROWS[@]}"
    echo
    if ((${#CLASS_ROWS[@]})); then
        echo "## Each class alone"
        echo
        echo "One connection (wrk -t1 -c1) straight to the catalog, its cache off, $CLASS_DURATION after 1 s of warm-up: the time a request"
        echo "takes with nothing queued in front of it. Matches: books the words match (median / largest of the class's"
        echo "first 15 queries, without the genre filter)."
        echo
        echo "| books | class | matches | req/s | p50 ms | p95 ms | p99 ms | catalog µs/req | PostgreSQL µs/req |"
        echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
        printf '%s\n' "${CLASS_ROWS[@]}"
        echo
    fi
    echo "## Targets"
    echo
    echo "| target | measured | |"
    echo "|---|---|---|"
    # Judged on each cache setting measured; the store is the last of them (on, by default).
    for mode in "${CACHE_MODES[@]}"; do
        g95=${R[$BOOKS.$mode.gateway.p95]}; grps=${R[$BOOKS.$mode.gateway.rps]}
        echo "| cache $mode: through the gateway at $BOOKS books: p95 ≤ 20 ms | $(ms "$g95") ms | $(met "$(le "$g95" 20000)") |"
        echo "| cache $mode: through the gateway at $BOOKS books: ≥ 5,000 req/s | $grps req/s | $(met "$(le 5000 "$grps")") |"
        if [[ -n ${R[$BOOKS_LARGE.$mode.gateway.p95]:-} ]]; then
            l95=${R[$BOOKS_LARGE.$mode.gateway.p95]}
            echo "| cache $mode: at $BOOKS_LARGE books, latency within 2× of $BOOKS | p95 $(ms "$l95") ms = $(ratio "$l95" "$g95")×; p50 $(ratio "${R[$BOOKS_LARGE.$mode.gateway.p50]}" "${R[$BOOKS.$mode.gateway.p50]}")× | $(met "$(le "$l95" "$((2 * g95))")") |"
        fi
    done
    if [[ ${BENCH_NO_LARGE:-} != 1 ]]; then
        echo "| no sequential scan of books on the hot shapes at $BOOKS_LARGE books | ${SEQ_SCAN:-none} | $(met "$([[ -z $SEQ_SCAN ]] && echo 1 || echo 0)") |"
    fi
    for size in "$BOOKS" "$BOOKS_LARGE"; do
        [[ -s $TMP/plans-$size.md ]] || continue
        echo
        echo "## Plans at $size books: \`EXPLAIN (ANALYZE, BUFFERS)\`"
        echo
        echo "The SQL the catalog runs for each request (built by its own parser and \`store::search\`), run once"
        echo "after the load above, so the pages are as warm as in the runs."
        echo
        cat "$TMP/plans-$size.md"
        [[ -s $TMP/plans-$size.err ]] && { echo; cat "$TMP/plans-$size.err"; }
    done
} >"$REPORT"
cat "$REPORT"
if [[ ${BENCH_NO_RESULTS:-} != 1 ]]; then
    mkdir -p "$ROOT/bench/results"
    out=$ROOT/bench/results/search-$(date -u +%F).md
    n=2
    while [[ -e $out ]]; do out=$ROOT/bench/results/search-$(date -u +%F)-$n.md; n=$((n + 1)); done
    cp "$REPORT" "$out"
    log "wrote ${out#"$ROOT"/}"
fi
[[ -z $SEQ_SCAN ]] || die "a hot query reads books with a sequential scan at $BOOKS_LARGE books: $SEQ_SCAN (plans above)"
