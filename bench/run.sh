#!/usr/bin/env bash
# Training and evaluation throughput of our trainer against PyTorch on the same network, data, batch and threads,
# alternating runs in one go; prints medians, the ratio ours/PyTorch, peak RSS, and each side's share of its
# libtorch's matmul peak. Usage: bench/run.sh [runs=3] [threads=2] [batch=64] [train_images=2560]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}" threads="${2:-2}" batch="${3:-64}" images="${4:-2560}" test_images=1000
cd "$root"

source bench/lib/pytorch-peer.sh
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

for r in $(seq 1 "$runs"); do
  echo "bench: run $r/$runs" >&2
  /usr/bin/time -f '%M' -o "$out/ours-rss-$r" ./dse train --dataset fashion-mnist --train-subset "$images" \
    --test-subset "$test_images" --epochs 2 --batch-size "$batch" --threads "$threads" --seed 7 --json 2>/dev/null \
    | tail -1 > "$out/ours-$r.json"
  /usr/bin/time -f '%M' -o "$out/peer-rss-$r" /usr/bin/python3 bench/pytorch_peer.py --train-subset "$images" \
    --test-subset "$test_images" --epochs 2 --batch-size "$batch" --threads "$threads" > "$out/peer-$r.json"
  /usr/bin/time -f '%M' -o "$out/tuned-rss-$r" /usr/bin/python3 bench/pytorch_peer.py --train-subset "$images" \
    --test-subset "$test_images" --epochs 2 --batch-size "$batch" --threads "$threads" --channels-last > "$out/tuned-$r.json"
done
java -Dai.djl.offline=true -cp "dse-api/target/lib/*" bench/MatmulPeak.java "$threads" 2>/dev/null | tail -1 > "$out/ours-matmul.json"
/usr/bin/python3 bench/pytorch_peer.py --matmul --threads "$threads" > "$out/peer-matmul.json"
./dse arch --json --input 1x32x32 --stem small --num-classes 10 > "$out/arch.json"

/usr/bin/python3 - "$out" "$runs" "$threads" "$batch" "$images" <<'PY'
import json, statistics, sys
out, runs, threads, batch, images = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
load = lambda p: json.load(open(f"{out}/{p}"))
rss = lambda p: int(open(f"{out}/{p}").read().split()[-1]) * 1024

# forward multiply-adds per image from our layer table; training ~ 3x forward (forward, input and weight grads)
arch = load("arch.json")
macs = 0
for l in arch["layers"]:
    hw = l["out_height"] * l["out_width"]
    if l["kind"] in ("conv", "bypass_conv"):
        macs += hw * l["out_channels"] * l["in_channels"] * l["kernel"] ** 2
    elif l["kind"] == "fire":
        macs += hw * (l["in_channels"] * l["s1x1"] + l["s1x1"] * l["e1x1"] + 9 * l["s1x1"] * l["e3x3"])
train_flops = 3 * 2 * macs

ours = [load(f"ours-{r}.json") for r in range(1, runs + 1)]
peers = {"peer": [load(f"peer-{r}.json") for r in range(1, runs + 1)],
         "tuned": [load(f"tuned-{r}.json") for r in range(1, runs + 1)]}
med = statistics.median
o_train = med(o["epochs"][-1]["images_per_second"] for o in ours)
o_eval = med(o["eval_images_per_second"] for o in ours)
o_rss = med(rss(f"ours-rss-{r}") for r in range(1, runs + 1))
p_train = {k: med(p["images_per_second"] for p in v) for k, v in peers.items()}
p_eval = {k: med(p["eval_images_per_second"] for p in v) for k, v in peers.items()}
p_rss = {k: med(rss(f"{k}-rss-{r}") for r in range(1, runs + 1)) for k in peers}
o_peak, p_peak = load("ours-matmul.json")["matmul_gflops"], load("peer-matmul.json")["matmul_gflops"]
gflops = lambda ips: ips * train_flops / 1e9
print(f"SqueezeNet v1.0, small stem, 1x32x32 Fashion-MNIST, {images} train images, batch {batch}, {threads} threads, "
      f"{runs} alternating runs, medians; {macs / 1e6:.1f} M multiply-adds per image forward, "
      f"~{train_flops / 1e6:.0f} MFLOP per training image")
print()
print("| measure | ours (DJL 0.36 / libtorch 2.7.1) | PyTorch " + peers["peer"][0]["torch_version"]
      + " (NCHW, as written) | ours / PyTorch | PyTorch channels_last | ours / PyTorch channels_last |")
print("|---|---|---|---|---|---|")
print(f"| training images/s (2nd epoch) | {o_train:.0f} | {p_train['peer']:.0f} | **{o_train / p_train['peer']:.2f}x** "
      f"| {p_train['tuned']:.0f} | **{o_train / p_train['tuned']:.2f}x** |")
print(f"| evaluation images/s | {o_eval:.0f} | {p_eval['peer']:.0f} | {o_eval / p_eval['peer']:.2f}x "
      f"| {p_eval['tuned']:.0f} | {o_eval / p_eval['tuned']:.2f}x |")
print(f"| peak RSS | {o_rss / 2**20:.0f} MiB | {p_rss['peer'] / 2**20:.0f} MiB | {o_rss / p_rss['peer']:.2f}x "
      f"| {p_rss['tuned'] / 2**20:.0f} MiB | {o_rss / p_rss['tuned']:.2f}x |")
print(f"| training GFLOP/s (share of the machine's matmul peak, {o_peak:.0f} GFLOP/s) | {gflops(o_train):.0f} "
      f"({gflops(o_train) / o_peak:.0%}) | {gflops(p_train['peer']):.0f} ({gflops(p_train['peer']) / o_peak:.0%}) | "
      f"| {gflops(p_train['tuned']):.0f} ({gflops(p_train['tuned']) / o_peak:.0%}) | |")
print()
print(f"matmul 2048^2: our libtorch {o_peak:.0f} GFLOP/s, Debian's torch {p_peak:.1f} GFLOP/s (its torch.mm uses a "
      "reference BLAS, so the machine's peak is taken from ours for every share)")
print("per run, training images/s: ours", [round(o["epochs"][-1]["images_per_second"]) for o in ours],
      "PyTorch", [round(p["images_per_second"]) for p in peers["peer"]],
      "PyTorch channels_last", [round(p["images_per_second"]) for p in peers["tuned"]])
PY
