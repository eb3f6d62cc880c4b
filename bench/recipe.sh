#!/usr/bin/env bash
# Training recipes across the paper's design space; docs/recipe.md's tables are generated from the results.
#   bench/recipe.sh [screen|goal|range|cifar|speed|table|all]   (default: all; results in bench/results/recipe-*.jsonl)
# screen: candidate recipes on the designs the old default killed (2,000/500 Fashion-MNIST, 2 epochs;
#         seeds: SCREEN_SEEDS, default "1")
# goal:   the default recipe on every design of fig3a, fig3b and table3 (5,000/1,000, 3 epochs, seeds 1-3)
# range:  the default recipe at the ends of base_e, incr_e and freq (around v1.0's 128, 128, 2), 2,000/500, 2 epochs,
#         seed 1
# cifar:  the default recipe on CIFAR-10-format data (1,000 train images, 1 epoch): Fashion-MNIST written in CIFAR-10's
#         binary format by bench/cifar_format.py, or the real CIFAR-10 when CIFAR10_DIR points at its cache
# speed:  seconds per epoch, today's default against the old one (Adam at a fixed 1e-3, no batch norm), alternating
# DSE overrides the command (e.g. a copy of the built jars, so editing sources during a run does not rebuild them).
# screen, goal and cifar resume where they stopped: a run already recorded (same tag and flags) is skipped; FRESH=1
# starts them over.
set -euo pipefail
cd "$(dirname "$0")/.."
part="${1:-all}"
dse=(${DSE:-./dse})
out=bench/results
mkdir -p "$out"

# one training run, recorded as one JSON line: the result, or the failure's last line
run() {
  local file=$1 tag=$2; shift 2
  if [ "$resume" = 1 ] && python3 bench/recipe_table.py has "$file" "$tag" "$*"; then return 0; fi
  local err; err=$(mktemp)
  if line=$("${dse[@]}" train --json "$@" 2>"$err" | tail -1) && [ -n "$line" ]; then
    python3 bench/recipe_table.py record "$file" "$tag" "$*" <<<"$line"
  else
    tr '\r' '\n' <"$err" | grep -v '^epoch' | tail -1 | python3 bench/recipe_table.py failure "$file" "$tag" "$*"
  fi
  rm -f "$err"
}

resume=1
fresh() { if [ "${FRESH:-0}" = 1 ]; then : >"$1"; fi; }

fig3a=("--sr 0.125" "--sr 0.25" "--sr 0.5" "--sr 0.75" "--sr 1.0")
fig3b=("--sr 0.5 --pct-3x3 0.01" "--sr 0.5 --pct-3x3 0.125" "--sr 0.5 --pct-3x3 0.25" "--sr 0.5 --pct-3x3 0.375"
       "--sr 0.5 --pct-3x3 0.625" "--sr 0.5 --pct-3x3 0.75" "--sr 0.5 --pct-3x3 0.875" "--sr 0.5 --pct-3x3 0.99")
table3=("--bypass simple" "--bypass complex")
designs=("${fig3a[@]}" "${fig3b[@]}" "${table3[@]}")
old=(--norm none --schedule constant --warmup-epochs 0)

if [[ $part == screen || $part == all ]]; then
  f=$out/recipe-screen.jsonl; fresh "$f"
  for seed in ${SCREEN_SEEDS:-1}; do
    for d in "--sr 1.0" "--bypass complex"; do
      common=(--dataset fashion-mnist --train-subset 2000 --test-subset 500 --epochs 2 --seed "$seed" $d)
      run "$f" "old default: adam 1e-3 constant" "${common[@]}" "${old[@]}"
      run "$f" "adam 1e-3, warm-up 0.5 + cosine" "${common[@]}" --norm none
      run "$f" "adam 1e-3, warm-up + cosine, clip 1.0" "${common[@]}" --norm none --clip-grad-norm 1.0
      run "$f" "adam 1e-3, warm-up + cosine, torchvision init" "${common[@]}" --norm none --init torchvision
      run "$f" "adam 3e-4, warm-up + cosine" "${common[@]}" --norm none --lr 3e-4
      run "$f" "adam 1e-3, warm-up + cosine, batch norm after squeeze layers" "${common[@]}" --norm squeeze
      run "$f" "adam 1e-3, warm-up + cosine, batch norm" "${common[@]}" --norm batch
      run "$f" "paper: sgd 0.04x64/512, poly, xavier" "${common[@]}" --recipe paper
      run "$f" "paper + batch norm" "${common[@]}" --recipe paper --norm batch
    done
  done
fi

if [[ $part == goal || $part == all ]]; then
  f=$out/recipe-goal.jsonl; fresh "$f"
  for seed in 1 2 3; do
    for d in "${designs[@]}"; do
      run "$f" "default" --dataset fashion-mnist --train-subset 5000 --test-subset 1000 --epochs 3 --seed "$seed" $d
    done
  done
fi

if [[ $part == range || $part == all ]]; then
  f=$out/recipe-range.jsonl; fresh "$f"
  for d in "--base-e 16" "--base-e 512" "--incr-e 0" "--incr-e 512" "--freq 1" "--freq 8"; do
    run "$f" "default" --dataset fashion-mnist --train-subset 2000 --test-subset 500 --epochs 2 --seed 1 $d
  done
fi

if [[ $part == cifar || $part == all ]]; then
  f=$out/recipe-cifar.jsonl; fresh "$f"
  dir="${CIFAR10_DIR:-}"
  if [ -z "$dir" ]; then
    dir=$(mktemp -d)
    python3 bench/cifar_format.py /usr/share/datasets/fashion-mnist "$dir/cifar-10-batches-bin"
  fi
  for d in "${designs[@]}"; do
    run "$f" "default" --dataset cifar10 --data-dir "$dir" --train-subset 1000 --test-subset 500 --epochs 1 --seed 1 $d
  done
fi

if [[ $part == speed || $part == all ]]; then
  # timings compare runs made side by side, so this part always starts over
  f=$out/recipe-speed.jsonl; : >"$f"; resume=0
  for i in 1 2 3; do
    common=(--dataset fashion-mnist --train-subset 5000 --test-subset 500 --epochs 1 --seed 1)
    run "$f" "old default" "${common[@]}" "${old[@]}"
    run "$f" "batch norm after squeeze layers" "${common[@]}" --norm squeeze
    run "$f" "batch norm everywhere" "${common[@]}" --norm batch
  done
fi

python3 bench/recipe_table.py table "$out" docs/recipe.md
echo "bench/recipe.sh: tables written into docs/recipe.md"
