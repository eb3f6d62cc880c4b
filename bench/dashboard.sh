#!/usr/bin/env bash
# The dashboard at scale: a sweep of 10,000 trials (planned by the API, then given realistic results directly in the
# database) and 1,000 sweeps in all, on a standalone service with no workers. Debian's headless Chromium, driven by
# playwright-core (bench/dashboard/, pinned by its lock file), opens /sweeps/{id} and / in a fresh context each run and
# reads the page's own 'dse:drawn' mark: navigation start to chart and first page of trials (or of sweeps) on screen.
#   bench/dashboard.sh [runs=9]     -> bench/results/dashboard.md
#   KEEP=1 bench/dashboard.sh 1     leaves the seeded service running (its data directory is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
port=18093
[ -x /usr/bin/chromium ] || scripts/install-deps.sh
(cd bench/dashboard && npm ci --no-audit --no-fund --silent)
. bench/lib/seeded-service.sh
big=$(seed_big_sweep)
seed_small_sweeps 999
echo "seeded: sweep $big with $(curl -sf "$api/sweeps/$big" | python3 -c 'import json,sys; print(json.load(sys.stdin)["trial_count"])') trials," \
  "$(curl -sf "$api/sweeps?size=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["page"]["totalElements"])') sweeps"

lines=$(node bench/dashboard/open-pages.mjs "http://127.0.0.1:$port" "$runs" "/sweeps/$big" /)
echo "$lines"
table=bench/results/dashboard.md
python3 - "$lines" "$runs" > "$table" <<'PY'
import json, statistics, sys, datetime, os
rows = [json.loads(l) for l in sys.argv[1].splitlines() if l.startswith('{')]
print(f"Measured {datetime.date.today()} on {os.cpu_count()} cores, {sys.argv[2]} runs each, a fresh browser context"
      " (cold cache) per run; server, database and browser on the same cores.")
print()
print("| page | data | median | min | max | rows drawn |")
print("|---|---|---:|---:|---:|---:|")
for path, what in [(p, d) for p, d in {r['path']: None for r in rows}.items()]:
    ms = sorted(r['ms'] for r in rows if r['path'] == path)
    what = "1,000 sweeps, first page of 50" if path == "/" else "10,000 trials: chart + first page of 100 trials"
    print(f"| `{'/sweeps/{id}' if path != '/' else '/'}` | {what} | {statistics.median(ms):.0f} ms | {ms[0]} ms | {ms[-1]} ms |"
          f" {[r['rows'] for r in rows if r['path'] == path][0]} |")
PY
cat "$table"
[ -z "${KEEP:-}" ] || echo "still serving on $port from $data (pid $up)"
