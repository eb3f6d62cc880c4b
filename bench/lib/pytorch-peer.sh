# Sourced by bench scripts: the PyTorch peer (Debian's python3-torch 1.13 and python3-torchvision), Fashion-MNIST,
# and our jars, installed or built when missing.
if ! /usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null; then
  echo "bench: installing the PyTorch peer (apt-get install python3-torch python3-torchvision) ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch python3-torchvision >/dev/null
fi
scripts/install-deps.sh
./dse arch >/dev/null   # builds the jars if needed
