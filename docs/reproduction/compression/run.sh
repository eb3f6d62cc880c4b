#!/usr/bin/env bash
# Measures ./dse compress on one Fashion-MNIST network: the rows of docs/compression.md.
# Usage: docs/reproduction/compression/run.sh [OUT_DIR]   (about 10 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
out="${1:-$root/docs/reproduction/compression}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dse="$root/dse"
"$dse" train --dataset fashion-mnist --train-subset 5000 --test-subset 1000 --epochs 3 --seed 42 \
  --save-weights "$work/fm.params" --json | tail -1 > "$out/trained.json"
: > "$out/compress.jsonl"
while read -r args; do
  # shellcheck disable=SC2086
  "$dse" compress --weights "$work/fm.params" $args --output "$work/c.dsec" --json 2>/dev/null \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); r.pop("file"); r.pop("network"); r["args"]=sys.argv[1]; print(json.dumps(r))' "$args" \
    >> "$out/compress.jsonl"
done <<'ARGS'
--method int8 --finetune-epochs 1
--density 0.33 --bits 8 --finetune-epochs 1
--density 0.33 --bits 6 --finetune-epochs 1
--density 0.33 --bits 6 --huffman --finetune-epochs 1
--density 0.5 --bits 8 --finetune-epochs 0
--density 0.33 --bits 8 --finetune-epochs 3
ARGS
echo "wrote $out/trained.json and $out/compress.jsonl"
