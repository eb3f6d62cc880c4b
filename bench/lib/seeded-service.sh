# Sourced by bench scripts: a standalone service with no workers on a fresh data directory, and the sweeps they
# measure, written the way a real study leaves them. Needs: port (set before sourcing). Sets: data, up, api, auth, pg.
command -v psql >/dev/null || apt-get install -y -q postgresql-client >/dev/null
data=$(mktemp -d)
./dse up --port "$port" --data-dir "$data" --workers 0 > "$data/up.log" 2>&1 &
up=$!
[ -n "${KEEP:-}" ] || trap 'kill $up 2>/dev/null; wait $up 2>/dev/null; rm -rf "$data"' EXIT
until grep -q "is up" "$data/up.log" 2>/dev/null; do sleep 1; kill -0 $up || { cat "$data/up.log"; exit 1; }; done
api=http://127.0.0.1:$port/api/v1
auth="Authorization: Bearer $(cat "$data/admin-token")"
# jdbc:postgresql://host:port/db?user=u&password=p -> postgresql://u:p@host:port/db
pg=$(sed -E 's#^jdbc:postgresql://([^/]+)/([^?]+)\?user=([^&]+)&password=([^&]+).*#postgresql://\3:\4@\1/\2#' "$data/jdbc-url")

# The body of a 10 x 10 x 10 x 10 grid, one seed: 10,000 trials.
BIG_SWEEP='{"name": "10,000 trials",
  "grid": {"base_e": [32, 64, 96, 128, 160, 192, 224, 256, 288, 320], "incr_e": [32, 64, 96, 128, 160, 192, 224, 256, 288, 320],
           "sr": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], "pct_3x3": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99]},
  "training": {"dataset": "fashion-mnist", "epochs": 3, "train_subset": 5000, "test_subset": 1000}}'

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# Queues the 10,000-trial sweep through the API, then gives every trial a result shaped like a real one (accuracy
# rising with SR and size, noise, one in 97 failed). Prints its id.
seed_big_sweep() {
  local id
  id=$(curl -sf -X POST -H "$auth" -H 'Content-Type: application/json' "$api/sweeps" -d "$BIG_SWEEP" | json_field '["id"]')
  psql -q "$pg" -v ON_ERROR_STOP=1 -c "
UPDATE trials SET attempt = 1, worker = 'bench', started_at = now() - interval '90 s', finished_at = now(),
  status = CASE WHEN id % 97 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  error = CASE WHEN id % 97 = 0 THEN 'diverged: loss is NaN at epoch 2' END,
  top1 = CASE WHEN id % 97 <> 0 THEN least(0.93, 0.80 + 0.08 * sr + 0.02 * ln(params / 700000.0) + 0.02 * random()) END,
  top5 = CASE WHEN id % 97 <> 0 THEN least(0.999, 0.97 + 0.02 * random()) END
WHERE sweep_id = $id;
UPDATE trials SET result = jsonb_build_object('top1', top1, 'top5', top5, 'params', params, 'size_bytes', size_bytes,
  'imagenet_params', imagenet_params, 'imagenet_size_bytes', imagenet_size_bytes, 'trained_params', params,
  'wall_seconds', 90, 'images_per_second', 300)
WHERE sweep_id = $id AND status = 'SUCCEEDED';" >&2
  echo "$id"
}

# N small sweeps, cancelled so that nothing waits for a worker.
seed_small_sweeps() {
  local i id
  for i in $(seq 1 "$1"); do
    id=$(curl -sf -X POST -H "$auth" -H 'Content-Type: application/json' "$api/sweeps" \
      -d "{\"name\": \"sweep $i\", \"grid\": {\"sr\": [0.25, 0.5]}, \"training\": {\"dataset\": \"synthetic\"}}" | json_field '["id"]')
    curl -sf -X POST -H "$auth" "$api/sweeps/$id/cancel" >/dev/null
  done
}
