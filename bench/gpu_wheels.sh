#!/usr/bin/env bash
# The wheels bench/gpu_proof.py needs on the lent GPU machine, which has Python 3.12, PyTorch
# and nvidia-ml-py but can fetch nothing: this package (with its built front end and entry
# points) and everything it needs, for CPython 3.12 on x86-64 Linux; and Debian's bubblewrap,
# to unpack there with dpkg -x (the sandbox falls back, and says so, where it cannot run).
# Run here, carry ".whl"; bench/gpu_proof.py's docstring gives the command to run there.
#
#   bash bench/gpu_wheels.sh [DIR]      (default .whl, which .git/info/exclude should ignore)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.whl}
rm -rf "$out" && mkdir -p "$out"
make install >/dev/null
.venv/bin/pip wheel -q --no-deps -w "$out" .
platforms=()
for tag in manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_17_x86_64 \
  manylinux2014_x86_64 manylinux1_x86_64; do
  platforms+=(--platform "$tag")
done
wheel=$(ls "$out"/collaboratory-*.whl)
.venv/bin/pip download -q -d "$out" --only-binary=:all: --python-version 3.12 \
  --implementation cp --abi cp312 "${platforms[@]}" \
  "$wheel[nvidia]" httpx websockets
(cd "$out" && apt-get download -q bubblewrap >/dev/null)
du -sh "$out"
