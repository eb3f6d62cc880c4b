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
data=$(mktemp -d)
command -v psql >/dev/null || apt-get install -y -q postgresql-client >/dev/null
[ -x /usr/bin/chromium ] || scripts/install-deps.sh
(cd bench/dashboard && npm ci --no-audit --no-fund --silent)
./dse up --port "$port" --data-dir "$data" --workers 0 > "$data/up.log" 2>&1 &
up=$!
[ -n "${KEEP:-}" ] || trap 'kill $up 2>/dev/null; wait $up 2>/dev/null; rm -rf "$data"' EXIT
until grep -q "is up" "$data/up.log" 2>/dev/null; do sleep 1; kill -0 $up || { cat "$data/up.log"; exit 1; }; done
api=http://127.0.0.1:$port/api/v1
auth="Authorization: Bearer $(cat "$data/admin-token")"

# 10 x 10 x 10 x 10 designs, one seed: 10,000 trials
big=$(curl -sf -X POST -H "$auth" -H 'Content-Type: application/json' "$api/sweeps" -d '{"name": "10,000 trials",
  "grid": {"base_e": [32, 64, 96, 128, 160, 192, 224, 256, 288, 320], "incr_e": [32, 64, 96, 128, 160, 192, 224, 256, 288, 320],
           "sr": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], "pct_3x3": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99]},
  "training": {"dataset": "fashion-mnist", "epochs": 3, "train_subset": 5000, "test_subset": 1000}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# jdbc:postgresql://host:port/db?user=u&password=p -> postgresql://u:p@host:port/db
pg=$(sed -E 's#^jdbc:postgresql://([^/]+)/([^?]+)\?user=([^&]+)&password=([^&]+).*#postgresql://\3:\4@\1/\2#' "$data/jdbc-url")
# results shaped like the real ones: accuracy rising with SR and size, noise, a few failures
psql -q "$pg" -v ON_ERROR_STOP=1 -c "
UPDATE trials SET attempt = 1, worker = 'bench', started_at = now() - interval '90 s', finished_at = now(),
  status = CASE WHEN id % 97 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  error = CASE WHEN id % 97 = 0 THEN 'diverged: loss is NaN at epoch 2' END,
  top1 = CASE WHEN id % 97 <> 0 THEN least(0.93, 0.80 + 0.08 * sr + 0.02 * ln(params / 700000.0) + 0.02 * random()) END,
  top5 = CASE WHEN id % 97 <> 0 THEN least(0.999, 0.97 + 0.02 * random()) END
WHERE sweep_id = $big;
UPDATE trials SET result = jsonb_build_object('top1', top1, 'top5', top5, 'params', params, 'size_bytes', size_bytes,
  'imagenet_params', imagenet_params, 'imagenet_size_bytes', imagenet_size_bytes, 'trained_params', params,
  'wall_seconds', 90, 'images_per_second', 300)
WHERE sweep_id = $big AND status = 'SUCCEEDED';"
# 999 small sweeps beside it, cancelled so that nothing waits for a worker
for i in $(seq 1 999); do
  id=$(curl -sf -X POST -H "$auth" -H 'Content-Type: application/json' "$api/sweeps" \
    -d "{\"name\": \"sweep $i\", \"grid\": {\"sr\": [0.25, 0.5]}, \"training\": {\"dataset\": \"synthetic\"}}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -sf -X POST -H "$auth" "$api/sweeps/$id/cancel" >/dev/null
done
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
