#!/usr/bin/env bash
# bookstore-tui against a local store of BENCH_BOOKS books (10,000): how soon the first frame is
# drawn after start, and the resident memory after browsing to the end of the whole catalog.
# Needs tmux and python3. Listens on 127.0.0.1:19180-19185 only; cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE="${BENCH_PROFILE:-release}"   # release or debug (the binaries in target/<profile>)
BOOKS="${BENCH_BOOKS:-10000}"
STARTS="${BENCH_STARTS:-10}"
BIN="target/$PROFILE"

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    flag=$([ "$PROFILE" = release ] && echo --release || true)
    cargo build $flag -p bookstored -p bookstore-cli -p bookstore-tui
fi

tmp=$(mktemp -d)
socket="bookstore-tui-bench-$$"
daemon=""
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    [ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

export BOOKSTORE_CONFIG_DIR="$tmp/config" BOOKSTORE_GATEWAY=http://127.0.0.1:19180
admin=admin@bench.local; password=bench-password-123
env BOOKSTORE_DATA_DIR="$tmp/data" BOOKSTORE_LOG=warn BOOKSTORE_GATEWAY_RATE_LIMIT=0 \
    BOOKSTORE_ADMIN_EMAIL=$admin BOOKSTORE_ADMIN_PASSWORD=$password \
    BOOKSTORE_GATEWAY_LISTEN=127.0.0.1:19180 BOOKSTORE_USER_LISTEN=127.0.0.1:19181 \
    BOOKSTORE_CATALOG_LISTEN=127.0.0.1:19182 BOOKSTORE_ORDER_LISTEN=127.0.0.1:19183 \
    BOOKSTORE_PAYMENT_LISTEN=127.0.0.1:19184 BOOKSTORE_NOTIFICATION_LISTEN=127.0.0.1:19185 \
    "$BIN/bookstored" --no-demo >"$tmp/daemon.out" 2>&1 &
daemon=$!
for _ in $(seq 1 300); do curl -fs http://127.0.0.1:19180/readyz >/dev/null 2>&1 && break; sleep 0.1; done

printf %s "$password" | "$BIN/bookstore" auth login --email $admin --password-stdin 2>/dev/null
"$BIN/bookstore" genres add --name Fiction >/dev/null
python3 - "$tmp/books.csv" "$BOOKS" <<'PY'
import csv, random, sys
path, rows = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
words = "Silent River Glass Orchard Winter Harbour Lantern Atlas Crimson Hollow Meridian Ember".split()
def isbn13(n):
    body = f"978{n:09d}"
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)
with open(path, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["isbn", "title", "description", "authors", "genres", "price", "currency", "stock"])
    for i in range(rows):
        w.writerow([isbn13(200_000_000 + i * 7), f"The {rnd.choice(words)} {rnd.choice(words)} {i}",
                    "A story of " + " and ".join(rnd.sample(words, 3)).lower() + ", told twice over.",
                    f"Author {rnd.randint(1, 2000)}", "fiction", f"{rnd.randint(4, 59)}.99", "EUR",
                    rnd.randint(0, 40)])
PY
"$BIN/bookstore" books import "$tmp/books.csv" >/dev/null 2>&1

tui() { # run the storefront in a fresh tmux window
    tmux -L "$socket" -f /dev/null new-session -d -s "$1" -x 100 -y 30 \
        "exec env BOOKSTORE_TUI_LOG_FILE='$tmp/tui-$1.log' '$BIN/bookstore-tui'"
}

# 1. First frame: the storefront logs `startup_ms` (process start to the first frame on screen).
frames=()
for i in $(seq 1 "$STARTS"); do
    tui "s$i"
    for _ in $(seq 1 100); do grep -q "first frame drawn" "$tmp/tui-s$i.log" 2>/dev/null && break; sleep 0.05; done
    frames+=("$(grep -o 'startup_ms=[0-9.]*' "$tmp/tui-s$i.log" | head -n1 | cut -d= -f2)")
    tmux -L "$socket" send-keys -t "s$i" q
    sleep 0.2
done
sorted=$(printf '%s\n' "${frames[@]}" | sort -n)
median=$(printf '%s\n' "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

# 2. Memory: browse to the end of the catalog (End loads the next page while there is one).
tui mem
pid=$(tmux -L "$socket" display -p -t mem '#{pane_pid}')
sleep 1
rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
start=$(date +%s.%N)
for _ in $(seq 1 600); do
    tmux -L "$socket" send-keys -t mem End
    sleep 0.05
    tmux -L "$socket" capture-pane -p -t mem | grep -q " of $BOOKS " && break
done
browse_s=$(echo "$(date +%s.%N) - $start" | bc)
screen=$(tmux -L "$socket" capture-pane -p -t mem)
sleep 1
rss_end=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "$screen" | grep -q " of $BOOKS " || { echo "did not reach the end of the catalog:"; echo "$screen"; exit 1; }
tmux -L "$socket" send-keys -t mem q

commit=$(git rev-parse --short HEAD)
report=$(cat <<MD
# bookstore-tui: first frame and memory ($(date -u +%Y-%m-%d), \`$commit\`, $PROFILE build)

$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average $(cut -d' ' -f1-3 /proc/loadavg).
A local embedded \`bookstored\` with $BOOKS books; the storefront in tmux at 100x30.

| measure | value |
|---|---:|
| first frame after start, median of $STARTS (ms) | $median |
| first frame, every start (ms) | $(echo $sorted | tr '\n' ' ') |
| RSS after the first page (MiB) | $(echo "scale=1; $rss_start/1024" | bc) |
| RSS after browsing all $BOOKS books (MiB) | $(echo "scale=1; $rss_end/1024" | bc) |
| peak RSS (MiB) | $(echo "scale=1; $hwm/1024" | bc) |
| time to page through all $BOOKS books with End (s) | $(printf %.1f "$browse_s") |
MD
)
echo "$report"
if [ -z "${BENCH_NO_RESULTS:-}" ]; then
    out="bench/results/tui-$(date -u +%Y-%m-%d).md"
    n=2; while [ -e "$out" ]; do out="bench/results/tui-$(date -u +%Y-%m-%d)-$n.md"; n=$((n + 1)); done
    echo "$report" >"$out"
    echo "written to $out"
fi
