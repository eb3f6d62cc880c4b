#!/usr/bin/env bash
# Peak memory of a trial's process: ours (`./dse train`, the trainer a worker runs) under several JVM settings
# against the PyTorch peer (bench/pytorch_peer.py) on SqueezeNet v1.0, small stem, batch 64, 2 threads, 2,560
# Fashion-MNIST images, 2 epochs; runs alternate, peak RSS (GNU time) medians and ratios to the peer are printed,
# and where our memory goes (the JVM's own accounts by Native Memory Tracking; the rest is libtorch and glibc).
# Usage: bench/memory.sh [runs=3]     VARIANTS: "label=JVM options;..." (default: the settings compared below)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
cd "$root"
variants="${VARIANTS:-JVM defaults=;serial GC=-XX:+UseSerialGC;heap capped at 256 MiB=-Xmx256m;serial GC, 32 MiB young generation, C1 only=-XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1}"

source bench/lib/pytorch-peer.sh
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
train=(train --dataset fashion-mnist --train-subset 2560 --test-subset 1000 --epochs 2 --batch-size 64 --threads 2
       --seed 7 --json)

IFS=';' read -r -a list <<< "$variants"
for r in $(seq 1 "$runs"); do
  echo "bench: run $r/$runs" >&2
  /usr/bin/time -f '%M' -o "$out/peer-$r" /usr/bin/python3 bench/pytorch_peer.py --train-subset 2560 \
    --test-subset 1000 --epochs 2 --batch-size 64 --threads 2 > /dev/null
  for i in "${!list[@]}"; do
    opts="${list[$i]#*=}"
    DSE_JAVA_OPTS="$opts" /usr/bin/time -f '%M' -o "$out/v$i-$r" ./dse "${train[@]}" > "$out/v$i-$r.json" 2>/dev/null
  done
done
# where it goes, once: resident memory by mapping at the process's peak (sampled from /proc every second)
./dse "${train[@]}" > /dev/null 2>&1 &
pid=$!
sleep 1
java_pid=$(pgrep -P $pid -f DseMain || echo $pid)
peak=0
while kill -0 "$java_pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status" 2>/dev/null || echo 0)
  if [ "${rss:-0}" -gt "$peak" ]; then peak=$rss; cp "/proc/$java_pid/smaps" "$out/smaps" 2>/dev/null || true; fi
  sleep 1
done
wait $pid || true

/usr/bin/python3 - "$out" "$runs" "$variants" <<'PY'
import re, statistics, sys
out, runs, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(";")
rss = lambda p: int(open(f"{out}/{p}").read().split()[-1]) / 1024
peer = statistics.median(rss(f"peer-{r}") for r in range(1, runs + 1))
print("| process | peak RSS (median) | runs | / peer |")
print("|---|---:|---|---:|")
peers = ", ".join("%.0f" % rss("peer-%d" % r) for r in range(1, runs + 1))
print(f"| PyTorch peer | {peer:.0f} MiB | {peers} | 1.00x |")
for i, v in enumerate(variants):
    label, opts = v.split("=", 1)
    values = [rss("v%d-%d" % (i, r)) for r in range(1, runs + 1)]
    shown = f"`{opts}`" if opts else "none"
    listed = ", ".join("%.0f" % x for x in values)
    print(f"| ours, {label} ({shown}) | {statistics.median(values):.0f} MiB | {listed} | {statistics.median(values) / peer:.2f}x |")
# the Java heap is the one mapping at the address the JVM reserves it (the largest anonymous reservation)
rows, cur = [], None
for line in open(f"{out}/smaps"):
    m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$", line)
    if m:
        cur = [int(m.group(2), 16) - int(m.group(1), 16), m.group(3).strip(), 0]
        rows.append(cur)
    elif line.startswith("Rss:"):
        cur[2] = int(line.split()[1]) / 1024
heap = max((r for r in rows if not r[1]), key=lambda r: r[0])
groups = {"Java heap (resident)": heap[2],
          "glibc heap and thread arenas (libtorch's tensors, the JVM's own malloc)": sum(r[2] for r in rows if (not r[1] and r is not heap) or r[1] == "[heap]"),
          "libtorch code (libtorch_cpu.so and friends)": sum(r[2] for r in rows if "torch" in r[1] or "libc10" in r[1]),
          "JVM code and class data (libjvm.so, CDS archive, modules)": sum(r[2] for r in rows if any(k in r[1] for k in ("libjvm", ".jsa", "/modules"))),
          "everything else": 0}
groups["everything else"] = sum(r[2] for r in rows) - sum(groups.values())
print(f"\nWhere our {sum(r[2] for r in rows):.0f} MiB go at the peak (JVM defaults, /proc/PID/smaps):")
for k, v in groups.items():
    print(f"- {k}: {v:.0f} MiB")
PY
