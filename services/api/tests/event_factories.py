"""Events as clients send them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any


def event(type_: str = "audit.finding", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "type": type_,
        "source": "cli",
        "occurred_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
        "repo": "github.com/acme/shop",
        "path": "src/app/settings.py",
        "rule_id": "secrets/aws-access-key",
        "lesson_id": "secrets-in-code",
        "data": {"severity": "error"},
    }
    body.update(overrides)
    return body
