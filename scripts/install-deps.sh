#!/usr/bin/env bash
# Installs what the project needs beyond a JDK 17: the real Fashion-MNIST dataset from Debian's
# dataset-fashion-mnist package. Idempotent: does nothing when it is already there.
set -euo pipefail
marker=/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
[ -f "$marker" ] && exit 0

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
echo "install-deps: installing Fashion-MNIST (apt-get install dataset-fashion-mnist) ..." >&2
if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist >/dev/null; then
  as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist >/dev/null \
    || { echo "install-deps: could not install dataset-fashion-mnist (needs root and Debian's archive); ./dse train --data-dir DIR takes the four IDX files from elsewhere" >&2; exit 1; }
fi
