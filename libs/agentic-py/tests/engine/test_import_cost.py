"""The hook imports the engine directly: it must not pull heavy libraries in."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("langgraph", "openai", "httpx", "sqlalchemy", "fastapi", "pydantic")


def test_engine_import_is_light():
    code = (
        "import sys, aura_agentic.engine as e\n"
        "e.audit_diff('diff --git a/x.py b/x.py\\n--- a/x.py\\n+++ b/x.py\\n'\n"
        "             '@@ -0,0 +1 @@\\n+print(1)\\n')\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
    imported = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines()}
    assert not imported & set(HEAVY)
