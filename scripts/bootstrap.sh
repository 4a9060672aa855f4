#!/usr/bin/env bash
# Install everything a fresh machine needs for Aura: uv, the Python workspace, the npm workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

uv=$(./scripts/ensure-uv.sh)
"$uv" sync --locked --quiet --compile-bytecode

if [ -f package.json ] && command -v npm >/dev/null 2>&1; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
