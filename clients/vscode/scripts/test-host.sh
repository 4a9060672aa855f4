#!/usr/bin/env bash
# Integration tests in a real VS Code extension host (code-server's, see ../shared/vscode-host):
# builds the extension, starts an embedded `aura-api serve` (SQLite in a temp folder, free port),
# creates a user and a personal API token, prepares a temporary git repository as the workspace,
# runs the Mocha suite, then packages the .vsix and takes ui-smoke screenshots of the lesson panel
# and of the diagnostics into test-output/ (look at them).
# env: VSCODE_HOST_DIR (default: the first of ../../../shared/vscode-host, /work/shared/vscode-host),
#      AURA_CLI (default: the repository's .venv/bin/aura), SKIP_SHOTS=1 / SKIP_TESTS=1 to skip a part.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$HERE/test-output"
mkdir -p "$OUT"

HOST=${VSCODE_HOST_DIR:-}
if [ -z "$HOST" ]; then
  for candidate in "$ROOT/../shared/vscode-host" "$ROOT/../../shared/vscode-host" /work/shared/vscode-host; do
    if [ -x "$candidate/run-ext-tests.sh" ]; then HOST=$(cd "$candidate" && pwd); break; fi
  done
fi
[ -n "$HOST" ] || { echo "test-host: no vscode-host scripts found (set VSCODE_HOST_DIR)" >&2; exit 2; }
"$HOST/setup.sh" >/dev/null   # idempotent: returns at once when the tools are installed

AURA_CLI=${AURA_CLI:-$ROOT/.venv/bin/aura}
AURA_API=$ROOT/.venv/bin/aura-api
[ -x "$AURA_CLI" ] && [ -x "$AURA_API" ] || { echo "test-host: run 'make install' first ($AURA_CLI)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

TMP=$(mktemp -d /tmp/aura-vscode-test.XXXXXX)
API_PID=""
LLM_PID=""
cleanup() {
  for pid in $API_PID $LLM_PID; do kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "== build"
(cd "$HERE" && node esbuild.mjs)

echo "== LLM stub (the one fake allowed: an OpenAI-compatible server) and the embedded API"
setsid "$ROOT/.venv/bin/python" -c '
import sys, time
from aura_agentic.testing.openai_stub import OpenAIStub
stub = OpenAIStub(["Your ", "KeyError ", "comes ", "from ", "a ", "missing ", "key."], token_delay=0.05).start()
print(stub.base_url, flush=True)
time.sleep(24 * 3600)
' >"$TMP/llm.url" 2>"$OUT/llm.log" &
LLM_PID=$!
for _ in $(seq 1 100); do [ -s "$TMP/llm.url" ] && break; sleep 0.1; done
LLM_URL=$(head -1 "$TMP/llm.url")
[ -n "$LLM_URL" ] || { cat "$OUT/llm.log"; exit 3; }
export AURA_TEST_LLM_TEXT="Your KeyError comes from a missing key."
API_PORT=$(free_port)
export AURA_TEST_API_URL="http://127.0.0.1:$API_PORT"
(
  cd "$TMP"
  exec env -u AURA_DATABASE_URL -u AURA_REDIS_URL AURA_DATA_DIR="$TMP/api-data" AURA_ARGON2_MEMORY_KIB=1024 AURA_LOG_LEVEL=WARNING \
    AURA_LLM_BASE_URL="$LLM_URL" AURA_LLM_API_KEY=stub AURA_LLM_MODEL=stub \
    setsid "$AURA_API" serve --port "$API_PORT" >"$OUT/api.log" 2>&1
) &
API_PID=$!
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "$AURA_TEST_API_URL/health/ready" && break
  kill -0 "$API_PID" 2>/dev/null || { cat "$OUT/api.log"; exit 3; }
  sleep 0.2
done
ACCOUNT='{"email": "dev@example.com", "password": "correct-horse-battery"}'
curl -fs -X POST "$AURA_TEST_API_URL/api/v1/auth/register" -H 'content-type: application/json' -d "$ACCOUNT" >/dev/null
ACCESS=$(curl -fs -X POST "$AURA_TEST_API_URL/api/v1/auth/login" -H 'content-type: application/json' -d "$ACCOUNT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
export AURA_TEST_TOKEN=$(curl -fs -X POST "$AURA_TEST_API_URL/api/v1/tokens" -H "authorization: Bearer $ACCESS" -H 'content-type: application/json' -d '{"name": "vscode tests"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

echo "== workspace"
make_workspace() {  # a git repository with .aura/ (an activation trigger) and one committed file
  local ws=$1
  mkdir -p "$ws/.aura" "$ws/.vscode" "$ws/src"
  git -C "$ws" init -q -b main
  printf 'def main():\n    value = 1\n    return value\n' >"$ws/app.py"
  printf '# Team rules: the built-in packs apply.\n' >"$ws/.aura/README.md"
  git -C "$ws" -c user.name=Dev -c user.email=dev@example.com add app.py .aura
  git -C "$ws" -c user.name=Dev -c user.email=dev@example.com commit -qm "initial"
  cat >"$ws/.vscode/settings.json" <<JSON
{ "aura.cliPath": "$AURA_CLI", "aura.apiUrl": "$AURA_TEST_API_URL", "aura.sensor.enabled": true }
JSON
}
WS="$TMP/workspace"
make_workspace "$WS"
export AURA_TEST_CLI="$AURA_CLI" GIT_CONFIG_NOSYSTEM=1

if [ -z "${SKIP_TESTS:-}" ]; then
  echo "== extension host tests"
  PORT=$(free_port) "$HOST/run-ext-tests.sh" "$HERE" "$HERE/out/test/suite/index.js" "$WS" 2>&1 | tee "$OUT/host-tests.log"
  status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] || { echo "test-host: extension host tests failed (log: $OUT/host-tests.log)" >&2; exit "$status"; }
fi

if [ -z "${SKIP_SHOTS:-}" ]; then
  echo "== package and screenshots"
  (cd "$HERE" && npx vsce package --no-dependencies --skip-license --out "$TMP/aura-golden-path.vsix" >"$OUT/vsce.log" 2>&1) || { cat "$OUT/vsce.log"; exit 1; }
  SHOTS="$TMP/shots"
  make_workspace "$SHOTS"
  printf 'import os\n\n\ndef main():\n    value = 1\n    print(value)\n    breakpoint()\n    return value\n' >"$SHOTS/app.py"
  # ui-smoke.sh waits 1.5 s after the command; on a busy machine the panel and the audit need
  # longer, so call its driver the same way with a longer settle time.
  shot() {  # shot <png> <command title>
    (
      PORT=$(free_port)
      . "$HOST/lib-server.sh"
      PREINSTALL_VSIX="$TMP/aura-golden-path.vsix" start_server "$SHOTS"
      NODE_PATH="$TOOLS/driver/node_modules" node "$HOST/ui-smoke.js" --server "http://127.0.0.1:$PORT" \
        --folder "$SHOTS" --title "$2" --shot "$1" --settle "${SHOT_SETTLE_MS:-15000}"
    ) >"$1.log" 2>&1 || { cat "$1.log"; exit 1; }
  }
  shot "$OUT/lesson-panel.png" "Aura: Getting Started"
  shot "$OUT/diagnostics.png" "Aura: Audit All Changed Files"
  # The panel follows the editor theme: the same lesson under a dark theme.
  python3 - "$SHOTS/.vscode/settings.json" <<'PY'
import json, sys
path = sys.argv[1]
settings = json.load(open(path))
settings["workbench.colorTheme"] = "Default Dark Modern"
json.dump(settings, open(path, "w"))
PY
  shot "$OUT/lesson-panel-dark.png" "Aura: Getting Started"
  echo "screenshots: $OUT/lesson-panel.png $OUT/lesson-panel-dark.png $OUT/diagnostics.png"
fi
