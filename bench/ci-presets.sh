#!/usr/bin/env bash
# Wall time and accuracy of the three CI presets at their default budget (2,000 training / 500 test images, 3 epochs)
# through `./dse sweep run`, as the nightly job runs them: a standalone service started for the run, one in-process
# worker, on this machine's cores. On Fashion-MNIST, and on the CIFAR-10 path with Fashion-MNIST written in CIFAR-10's
# binary format (bench/cifar_format.py): the real CIFAR-10 is not on this machine, and its images have the same
# shape (3x32x32), so the times carry over; its accuracies do not.
#   bench/ci-presets.sh            -> bench/results/ci-presets.md (and each run's files under bench/results/ci-presets/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results/ci-presets
mkdir -p "$out"
cifar=$(mktemp -d)
trap 'rm -rf "$cifar"' EXIT
python3 bench/cifar_format.py /usr/share/datasets/fashion-mnist "$cifar/cifar-10-batches-bin" 2000 2000 >/dev/null
table=bench/results/ci-presets.md
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores: \`./dse sweep run --preset P --dataset D\` (default budget)."
  echo
  echo "| dataset | preset | wall time | top-1 per design (mean) | exit |"
  echo "|---|---|---:|---|---:|"
} > "$table"
for dataset in fashion-mnist cifar10; do
  for preset in ci-mini-sr ci-mini-pct ci-mini-bypass; do
    args=(sweep run --preset "$preset" --dataset "$dataset" --out "$out/$dataset-$preset" --baseline none)
    if [ "$dataset" = cifar10 ]; then args+=(--data-dir "$cifar"); fi
    start=$(date +%s)
    status=0
    ./dse "${args[@]}" > "$out/$dataset-$preset.log" 2>&1 || status=$?
    seconds=$(( $(date +%s) - start ))
    top1=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(", ".join("%s %.1f%%" % (p["x"], 100 * p["top1_mean"]) for p in s["points"]))' "$out/$dataset-$preset/summary.json" 2>/dev/null || echo "-")
    printf '| %s | %s | %d:%02d | %s | %d |\n' "$dataset" "$preset" $((seconds / 60)) $((seconds % 60)) "$top1" "$status" >> "$table"
    echo "$dataset $preset: ${seconds}s, exit $status"
  done
done
cat "$table"
