#!/usr/bin/env bash
# Make sure `uv` runs: use the one on PATH, else install it from PyPI into a private virtual
# environment and link it as ~/.local/bin/uv (the Makefile puts ~/.local/bin on PATH).
# `pip install --user` is not an option: Debian and Ubuntu mark their Python "externally
# managed" (PEP 668) and refuse it. Prints the uv it settled on.
set -euo pipefail

if command -v uv >/dev/null 2>&1; then
  command -v uv
  exit 0
fi
bin_dir="$HOME/.local/bin"
if [ -x "$bin_dir/uv" ]; then
  echo "$bin_dir/uv"
  exit 0
fi
python=$(command -v python3 || command -v python || true)
if [ -z "$python" ]; then
  echo "bootstrap: no python3 found; install Python 3.11+ (apt install python3) or uv itself" >&2
  exit 1
fi
venv="${XDG_DATA_HOME:-$HOME/.local/share}/aura/uv-venv"
echo "bootstrap: installing uv from PyPI into $venv" >&2
if ! "$python" -m venv --clear "$venv" >/dev/null 2>&1; then
  # Debian ships ensurepip separately (python3-venv): make the venv bare, let the system pip
  # (if any) install into it; pip targets the venv's interpreter, which is not managed.
  rm -rf "$venv"
  if ! "$python" -m venv --without-pip "$venv" >/dev/null 2>&1 \
    || ! "$python" -m pip --python "$venv/bin/python" install --quiet uv >&2; then
    echo "bootstrap: cannot create a virtual environment for uv; install python3-venv" \
      "(apt install python3-venv) or uv (https://docs.astral.sh/uv/), then run again" >&2
    exit 1
  fi
else
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check uv >&2
fi
mkdir -p "$bin_dir"
ln -sf "$venv/bin/uv" "$bin_dir/uv"
echo "$bin_dir/uv"
