#!/usr/bin/env bash
# Installs what the project needs beyond a JDK 17: the real Fashion-MNIST dataset from Debian's
# dataset-fashion-mnist package, a font for the server-drawn PNG figures (AWT draws text with fontconfig's
# fonts), and what the notebook test executes examples/notebook.ipynb with (Debian's jupyter-nbconvert, an IPython
# kernel, pandas, matplotlib, requests), and the browser the dashboard test drives (Debian's chromium and
# chromium-driver). Idempotent: does nothing when all are there.
set -euo pipefail
marker=/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
packages=()
[ -f "$marker" ] || packages+=(dataset-fashion-mnist)
{ command -v fc-list >/dev/null && [ -n "$(fc-list 2>/dev/null | head -1)" ]; } || packages+=(fontconfig fonts-dejavu-core)
{ [ -x /usr/bin/jupyter-nbconvert ] && /usr/bin/python3 -c 'import pandas, matplotlib, requests, ipykernel' 2>/dev/null; } \
  || packages+=(jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib python3-requests)
{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || packages+=(chromium chromium-driver)
[ ${#packages[@]} -eq 0 ] && exit 0

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
echo "install-deps: installing ${packages[*]} (apt-get) ..." >&2
if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null; then
  as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null \
    || { echo "install-deps: could not install ${packages[*]} (needs root and Debian's archive); ./dse train --data-dir DIR takes the four IDX files from elsewhere" >&2; exit 1; }
fi
