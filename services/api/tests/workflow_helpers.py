"""Shared helpers for the workflow tests: a small diff, struggle bodies, an SSE parser."""

from __future__ import annotations

import json
from typing import Any

AWS_KEY = "AKIA" + "QWERTYUIOPASDFGH"

DIFF = """diff --git a/app/service.py b/app/service.py
--- a/app/service.py
+++ b/app/service.py
@@ -1,2 +1,4 @@
 def charge(order):
+    print("charging", order)
+    return gateway.charge(order.total)
     pass
"""


def struggle_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "signals": {"repeat_error": 0.9, "undo_burst": 0.3},
        "errors": [f"NameError: name 'respnse' is not defined ({AWS_KEY})"],
        "rule_ids": [],
        "language": "python",
        "code": f"API_KEY = '{AWS_KEY}'\nprint(respnse)\n",
        "file_path": "app/views.py",
    }
    body.update(overrides)
    return body


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    events: list[tuple[str, dict[str, Any]]] = []
    for frame in text.strip().split("\n\n"):
        name, data = "message", ""
        for line in frame.splitlines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data += line[6:]
        events.append((name, json.loads(data) if data else {}))
    return events
