#!/usr/bin/env bash
# Search beyond the grid: the accuracy-size front each strategy reaches on one space (sr 0.125-1.0, pct_3x3
# 0.01-0.99, bypass all three, base_e 64-256 step 32; networks trained up to 8 MiB, about a third of the space) at
# budgets of b designs' worth of epochs, scored by its hypervolume: random search, our TPE with ASHA and NSGA-II with
# MO-ASHA (or ASHA, or none), and Optuna's TPE and NSGA-II with ASHA, driving the same service through its API
# (examples/optuna_dse.py), so the training is identical. Not a timed test.
# Usage: bench/search.sh [budgets=10,20,40] [seeds=1,2,3] [train_images=5000] [test_images=1000] [epochs=3]
#   STRATEGIES=random,bayesian+asha,evolutionary,evolutionary+asha,evolutionary+mo-asha,optuna-tpe+asha,optuna-nsga2+asha
#   (default: random, bayesian+asha, evolutionary+mo-asha and Optuna's two)
#   -> bench/results/search-<time>/ (runs.tsv, each run's proposals) and a table of means on stdout
set -euo pipefail
cd "$(dirname "$0")/.."
budgets="${1:-10,20,40}" seeds="${2:-1,2,3}" train="${3:-5000}" test="${4:-1000}" epochs="${5:-3}"
strategies="${STRATEGIES:-random,bayesian+asha,evolutionary+mo-asha,optuna-tpe+asha,optuna-nsga2+asha}"
scripts/install-deps.sh   # Fashion-MNIST, and the Python environment with Optuna
python="${DSE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/squeezenet-dse}/optuna-venv/bin/python"
out="bench/results/search-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
port=18095
data=$(mktemp -d)
# one worker (the default layout on this machine), the same for every strategy
./dse up --port "$port" --data-dir "$data" > "$out/up.log" 2>&1 &
up=$!
trap 'kill $up 2>/dev/null; wait $up 2>/dev/null || true; rm -rf "$data"' EXIT
until grep -q "is up" "$out/up.log" 2>/dev/null; do sleep 1; kill -0 $up || { cat "$out/up.log"; exit 1; }; done
"$python" bench/search_bench.py --url "http://127.0.0.1:$port" --token "$(cat "$data/admin-token")" --out "$out" \
  --budgets "$budgets" --seeds "$seeds" --strategies "$strategies" --train-subset "$train" --test-subset "$test" \
  --epochs "$epochs" | tee "$out/log.txt"
"$python" - "$out/runs.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
budgets = sorted({int(r["budget"]) for r in rows})
strategies = list(dict.fromkeys(r["strategy"] for r in rows))
mean = lambda s, b, k: statistics.mean(float(r[k]) for r in rows if r["strategy"] == s and int(r["budget"]) == b)
print("| strategy | " + " | ".join(f"hypervolume at {b}" for b in budgets) + " | designs trained / pruned at "
      + str(budgets[-1]) + " |")
print("|---|" + "---:|" * (len(budgets) + 1))
for s in strategies:
    print(f"| {s} | " + " | ".join(f"{mean(s, b, 'hypervolume'):.4f}" for b in budgets)
          + f" | {mean(s, budgets[-1], 'trained'):.1f} / {mean(s, budgets[-1], 'pruned'):.1f} |")
for ours in [s for s in strategies if s.startswith("evolutionary")] if "random" in strategies else []:
    target = mean("random", budgets[-1], "hypervolume")
    reached = [b for b in budgets if mean(ours, b, "hypervolume") >= target]
    print(f"random search's hypervolume at {budgets[-1]}: {target:.4f}; {ours} reaches it at "
          + (f"{reached[0]} designs' worth of epochs" if reached else "none of the budgets"))
PY
