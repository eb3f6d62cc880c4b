#!/usr/bin/env bash
# A whole sweep's wall time, as a user waits for it: ours through the real service (`./dse sweep run`, a standalone
# service with its default worker layout, start and stop included) against what a user writes instead, a PyTorch
# script that loads the data once and trains the same designs one after another (bench/sweep_peer.py, 2 threads), and
# against that script run as two parallel processes of 1 thread each (the tuned peer). Same designs (the layer tables
# of `dse arch`), recipe, data subset, batch and cores; runs alternate, medians and ratios are printed.
# Usage: bench/sweep.sh [runs=3] [train_images=5000] [test_images=1000] [epochs=2]
#   PRESETS="fig3a table3" (default)   LAYOUTS="auto 2": our --workers values to time (auto = the default layout;
#   the last line's ratios are against the first)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}" train="${2:-5000}" test="${3:-1000}" epochs="${4:-2}"
presets="${PRESETS:-fig3a table3}" layouts="${LAYOUTS:-auto 2}"
cd "$root"

source bench/lib/pytorch-peer.sh
out="bench/results/sweep-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
data=/usr/share/datasets/fashion-mnist

# The presets' designs as layer tables, for the peer: Figure 3a's five squeeze ratios, Table 3's three bypass types.
designs() {
  local flags=()
  case "$1" in
    fig3a) for sr in 0.125 0.25 0.5 0.75 1.0; do flags+=("--sr $sr"); done ;;
    table3) for b in none simple complex; do flags+=("--bypass $b"); done ;;
    *) echo "bench: unknown preset $1" >&2; exit 2 ;;
  esac
  echo "["
  local first=1
  for f in "${flags[@]}"; do
    [ $first = 1 ] || echo ","
    first=0
    # shellcheck disable=SC2086
    ./dse arch $f --input 1x32x32 --num-classes 10 --stem small --json
  done
  echo "]"
}
for p in $presets; do designs "$p" > "$out/$p-designs.json"; done

seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }
now() { date +%s.%N; }

ours() {   # preset layout run
  local dir="$out/ours-$2-$1-$3" workers=()
  [ "$2" = auto ] || workers=(--workers "$2")
  local s; s=$(now)
  ./dse sweep run --preset "$1" --dataset fashion-mnist --train-subset "$train" --test-subset "$test" \
    --epochs "$epochs" --baseline none "${workers[@]}" --out "$dir" > "$dir.log" 2>&1 || true
  local e; e=$(now)
  echo -e "$1\tours-$2\t$3\t$(seconds "$s" "$e")" >> "$out/times.tsv"
}

peer() {   # preset processes run
  local threads=2 name=peer
  [ "$2" = 1 ] || { threads=1; name=tuned-peer; }
  local s; s=$(now)
  /usr/bin/python3 bench/sweep_peer.py "$out/$1-designs.json" --out "$out/$name-$1-$3.csv" --data-dir "$data" \
    --train-subset "$train" --test-subset "$test" --epochs "$epochs" --threads "$threads" --processes "$2"
  local e; e=$(now)
  echo -e "$1\t$name\t$3\t$(seconds "$s" "$e")" >> "$out/times.tsv"
}

for r in $(seq 1 "$runs"); do
  for p in $presets; do
    echo "bench: run $r/$runs, $p" >&2
    # alternate who goes first, so a slow spell of the shared machine does not always land on the same side
    if [ $((r % 2)) = 1 ]; then
      for l in $layouts; do ours "$p" "$l" "$r"; done
      peer "$p" 1 "$r"; peer "$p" 2 "$r"
    else
      peer "$p" 2 "$r"; peer "$p" 1 "$r"
      for l in $layouts; do ours "$p" "$l" "$r"; done
    fi
  done
done

/usr/bin/python3 - "$out" "$presets" "$layouts" <<'EOF'
import csv, glob, os, statistics, sys
out, presets, layouts = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
times = {}
for preset, who, run, sec in csv.reader(open(os.path.join(out, "times.tsv")), delimiter="\t"):
    times.setdefault((preset, who), []).append(float(sec))

def top1(pattern, column):
    values = []
    for f in glob.glob(os.path.join(out, pattern)):
        for row in csv.DictReader(open(f)):
            if row.get("status", "SUCCEEDED") == "SUCCEEDED" and row.get(column):
                values.append(float(row[column]))
    return f"{statistics.mean(values):.3f} ({len(values)} trials)" if values else "none"

contenders = [f"ours-{l}" for l in layouts] + ["peer", "tuned-peer"]
print("| preset | " + " | ".join(contenders) + " | peer/ours | tuned peer/ours |")
print("|---|" + "---:|" * (len(contenders) + 2))
total = {c: 0.0 for c in contenders}
for p in presets:
    med = {c: statistics.median(times[(p, c)]) for c in contenders}
    for c in contenders:
        total[c] += med[c]
    ours = med[contenders[0]]
    print(f"| {p} | " + " | ".join(f"{med[c]:.0f} s" for c in contenders)
          + f" | {med['peer'] / ours:.2f}x | {med['tuned-peer'] / ours:.2f}x |")
print()
for p in presets:
    print(f"{p}: runs (s): " + "; ".join(f"{c} {', '.join(f'{t:.0f}' for t in times[(p, c)])}" for c in contenders))
    print(f"{p}: mean top-1: " + "; ".join(f"ours-{l} {top1(f'ours-{l}-{p}-*/results.csv', 'top1')}" for l in layouts)
          + f"; peer {top1(f'peer-{p}-*.csv', 'top1')}; tuned peer {top1(f'tuned-peer-{p}-*.csv', 'top1')}")
ours = total[contenders[0]]
print(f"sweep wall time ratio peer/ours: {total['peer'] / ours:.2f}x (tuned peer/ours: {total['tuned-peer'] / ours:.2f}x)")
EOF
echo "bench: every run's output is in $out" >&2
