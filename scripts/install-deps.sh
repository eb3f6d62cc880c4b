#!/usr/bin/env bash
# Installs what the project needs beyond a JDK 17. To run (`scripts/install-deps.sh --run`, what ./dse calls): the
# real Fashion-MNIST dataset from Debian's dataset-fashion-mnist package and a font for the server-drawn PNG
# figures (AWT draws text with fontconfig's fonts). To test as well (no flag, what the README's test command
# runs): what the notebook test executes examples/notebook.ipynb with (Debian's jupyter-nbconvert, an IPython
# kernel, pandas, matplotlib, requests), and the browser the dashboard test drives (Debian's chromium and
# chromium-driver), and for examples/optuna.ipynb a virtual environment with Optuna (pip, from the registry pip.conf
# names; Debian has no Optuna) that sees Debian's packages, with its own Jupyter kernel. Idempotent: does nothing when
# all are there.
set -euo pipefail
run_only=false
[ "${1:-}" = "--run" ] && run_only=true
# the project's cache, resolved as ProjectCache does; OptunaNotebookTest looks for the venv here
optuna_venv="${DSE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/squeezenet-dse}/optuna-venv"
optuna_version=5.0.0   # pinned: examples/optuna_dse.py and its test were written against it
optuna_ready() {
  "$optuna_venv/bin/python" -c "import optuna, requests, pandas; assert optuna.__version__ == '$optuna_version'" 2>/dev/null \
    && [ -f "$optuna_venv/share/jupyter/kernels/python3/kernel.json" ]
}
marker=/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
packages=()
[ -f "$marker" ] || packages+=(dataset-fashion-mnist)
{ command -v fc-list >/dev/null && [ -n "$(fc-list 2>/dev/null | head -1)" ]; } || packages+=(fontconfig fonts-dejavu-core)
if ! $run_only; then
  { [ -x /usr/bin/jupyter-nbconvert ] && /usr/bin/python3 -c 'import pandas, matplotlib, requests, ipykernel' 2>/dev/null; } \
    || packages+=(jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib python3-requests)
  { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || packages+=(chromium chromium-driver)
  optuna_ready || packages+=(python3-venv)   # Debian's python3 makes no venv without it
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
if [ ${#packages[@]} -gt 0 ]; then
  echo "install-deps: installing ${packages[*]} (apt-get) ..." >&2
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null; then
    as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null \
      || { echo "install-deps: could not install ${packages[*]} (needs root and Debian's archive); ./dse train --data-dir DIR takes the four IDX files from elsewhere" >&2; exit 1; }
  fi
fi
if ! $run_only && ! optuna_ready; then
  echo "install-deps: installing optuna (pip) into $optuna_venv ..." >&2
  rm -rf "$optuna_venv"   # a half-made one from an interrupted run
  # --system-site-packages: ipykernel, pandas, matplotlib and requests are Debian's, as for examples/notebook.ipynb
  /usr/bin/python3 -m venv --system-site-packages "$optuna_venv"
  "$optuna_venv/bin/pip" install -q "optuna==$optuna_version"
  # a kernel that runs this environment's python: Debian's own python3 kernel cannot import optuna
  "$optuna_venv/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null
fi
