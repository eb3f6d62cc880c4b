#!/usr/bin/env bash
# A/B of process-level settings for our trainer, alternating runs; prints the median training images/s per variant.
# Usage: bench/variants.sh [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
./dse arch >/dev/null
tunables=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=4294967296
declare -A variants=(
  [baseline]="GLIBC_TUNABLES=$tunables"
  [no-glibc-tunables]="GLIBC_TUNABLES=glibc.malloc.check=0"
  [interop-1]="GLIBC_TUNABLES=$tunables DSE_JAVA_OPTS=-Dai.djl.pytorch.num_interop_threads=1"
  [omp-passive]="GLIBC_TUNABLES=$tunables OMP_WAIT_POLICY=PASSIVE"
)
declare -A results
for r in $(seq 1 "$runs"); do
  for name in "${!variants[@]}"; do
    ips=$(env ${variants[$name]} ./dse train --dataset fashion-mnist --train-subset 1920 --test-subset 500 --epochs 2 \
      --threads 2 --seed 7 --json 2>/dev/null | tail -1 | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["epochs"][-1]["images_per_second"])')
    results[$name]="${results[$name]:-} $ips"
  done
done
for name in "${!variants[@]}"; do
  /usr/bin/python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[2:]]; print(f'{sys.argv[1]:20s} median {statistics.median(v):6.0f} img/s  runs {[round(x) for x in v]}')" "$name" ${results[$name]}
done
