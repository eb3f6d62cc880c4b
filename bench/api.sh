#!/usr/bin/env bash
# The REST API under load on a standalone service (embedded PostgreSQL, no workers; server, database and load
# generator on the same cores), with a sweep of 10,000 trials carrying realistic results:
#   - wrk (Debian's), 2 threads, 32 connections, 15 s each: GET the sweep, GET a page of 100 trials, GET /architectures
#   - POST of a 10,000-trial sweep, and GET results.csv of the 10,000 trials: wall time of single requests, 5 runs
#   - the event stream: the server's RSS and CPU over 30 s idle with no subscribers, then with 100 open streams
#   bench/api.sh        -> bench/results/api.md
set -euo pipefail
cd "$(dirname "$0")/.."
port=18094
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
. bench/lib/seeded-service.sh
big=$(seed_big_sweep)
server=$(pgrep -f "dse.*--port $port" | while read -r p; do [ "$(cat /proc/$p/comm)" = java ] && echo "$p"; done | head -1)
table=bench/results/api.md
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))."
  echo
  echo "| operation | goal | requests/s | p50 | p99 |"
  echo "|---|---|---:|---:|---:|"
} > "$table"

load() {   # name goal path
  curl -sf -o /dev/null "$api$3"; curl -sf -o /dev/null "$api$3"   # warm: the JIT, the caches
  wrk -t2 -c32 -d15s --latency "$api$3" > "$data/wrk.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$data/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$data/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$data/wrk.txt")
  printf '| %s, 32 clients | %s | %.0f | %s | %s |\n' "$1" "$2" "$rps" "$p50" "$p99" | tee -a "$table"
}
load "GET a sweep of 10,000 trials" "p99 < 50 ms, > 1,000 req/s" "/sweeps/$big"
load "GET a page of 100 trials" "p99 < 50 ms" "/sweeps/$big/trials?page=50&size=100"
load "GET /architectures" "p99 < 20 ms" "/architectures?sr=0.5&pct_3x3=0.5&bypass=simple"

single() {   # name goal command...; prints the median of 5 wall times in ms
  local name=$1 goal=$2; shift 2
  local times=()
  for _ in 1 2 3 4 5; do times+=("$("$@")"); done
  printf '| %s | %s | | median %s ms | max %s ms |\n' "$name" "$goal" \
    "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)" "$(printf '%s\n' "${times[@]}" | sort -n | tail -1)" | tee -a "$table"
}
post_big() {
  local out t
  out=$(curl -sf -o "$data/post.json" -w '%{time_total}' -X POST -H "$auth" -H 'Content-Type: application/json' "$api/sweeps" -d "$BIG_SWEEP")
  curl -sf -o /dev/null -X POST -H "$auth" "$api/sweeps/$(json_field '["id"]' < "$data/post.json")/cancel"
  python3 -c "print(round($out * 1000))"
}
get_csv() {
  python3 -c "print(round($(curl -sf -o "$data/results.csv" -w '%{time_total}' "$api/sweeps/$big/results.csv") * 1000))"
}
single "POST a 10,000-trial sweep" "< 1,000 ms" post_big
get_csv >/dev/null   # the file, for its size
single "GET results.csv of 10,000 trials ($(( $(wc -c < "$data/results.csv") / 1024 )) KiB)" "< 300 ms" get_csv

cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }   # utime + stime, in clock ticks
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status"; }
idle() {   # label: RSS and CPU over 30 s
  local before after
  before=$(cpu); sleep 30; after=$(cpu)
  printf '| event stream: %s | | | RSS %s MiB | CPU %.1f%% of a core |\n' "$1" "$(rss)" \
    "$(python3 -c "print(($after - $before) / $(getconf CLK_TCK) / 30 * 100)")" | tee -a "$table"
}
idle "no subscribers, 30 s idle"
streams=()
for _ in $(seq 1 100); do curl -sN "$api/events" > /dev/null & streams+=($!); done
sleep 5
idle "100 idle subscribers, 30 s"
kill "${streams[@]}" 2>/dev/null || true
cat "$table"
[ -z "${KEEP:-}" ] || echo "still serving on $port from $data (pid $up)"
