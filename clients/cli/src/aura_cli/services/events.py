"""Building the events an audit reports, with redaction and optional path hashing.

Events carry rule ids, paths, line numbers and counts; never code. Messages still pass through the
engine's `redact` because a team rule may echo matched text in its message. With
`privacy.hash_paths: true` every path becomes `sha256:<hex>` of a per-machine salt plus the path, so
the server can still group by file without learning file names.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aura_cli.services import engine

SOURCE_CLI = "cli"


def now_rfc3339() -> str:
    """Current UTC time as RFC 3339 with a Z suffix."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def path_salt(home: Path) -> str:
    """The per-machine salt for path hashing, created (0600) on first use."""
    salt_file = home / "path_salt"
    try:
        return salt_file.read_text().strip()
    except FileNotFoundError:
        from aura_cli.config.files import atomic_write

        salt = secrets.token_hex(16)
        atomic_write(salt_file, salt.encode())
        return salt


def hash_path(path: str, salt: str) -> str:
    """Salted sha256 of a repository path, as sent when `privacy.hash_paths` is on."""
    return "sha256:" + hashlib.sha256(f"{salt}\0{path}".encode()).hexdigest()


class EventFactory:
    """Makes events for one repository with the privacy settings applied."""

    def __init__(self, repo: str | None, *, salt: str | None = None, source: str = SOURCE_CLI):
        self.repo = repo
        self.salt = salt  # None means paths are sent as they are
        self.source = source

    def make(
        self,
        event_type: str,
        *,
        path: str | None = None,
        rule_id: str | None = None,
        lesson_id: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One event in the shape of the events contract, with a fresh client UUID."""
        if path is not None and self.salt is not None:
            path = hash_path(path, self.salt)
        return {
            "id": str(uuid.uuid4()),
            "type": event_type,
            "source": self.source,
            "occurred_at": now_rfc3339(),
            "repo": self.repo,
            "path": path,
            "rule_id": rule_id,
            "lesson_id": lesson_id,
            "data": data or {},
        }

    def for_report(self, report: Any, status: str, fail_on: str, mode: str) -> list[dict[str, Any]]:
        """`audit.finding` per finding then one `audit.passed` or `audit.blocked` summary."""
        out = []
        counts: dict[str, int] = {}
        for f in report.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
            out.append(
                self.make(
                    "audit.finding",
                    path=f.path,
                    rule_id=f.rule_id,
                    lesson_id=f.lesson_id,
                    data={
                        "severity": f.severity,
                        "category": f.category,
                        "line": f.line,
                        "fingerprint": f.fingerprint,
                        "message": engine.redact(str(f.message)),
                    },
                )
            )
        stats = getattr(report, "stats", {}) or {}
        summary = {
            "mode": mode,
            "fail_on": fail_on,
            "findings": len(report.findings),
            "by_severity": counts,
            "suppressed": int(getattr(report, "suppressed", 0) or 0),
            "files": stats.get("files"),
            "added_lines": stats.get("added_lines"),
        }
        out.append(self.make("audit.blocked" if status == "fail" else "audit.passed", data=summary))
        return out


def factory_for(repo: str | None, config: dict[str, Any]) -> EventFactory:
    """An EventFactory honouring `privacy.hash_paths` from the user config."""
    from aura_cli.config import settings

    hashed = bool((config.get("privacy") or {}).get("hash_paths")) or bool(
        os.environ.get("AURA_HASH_PATHS")
    )
    salt = path_salt(settings.aura_home()) if hashed else None
    return EventFactory(repo, salt=salt)


def enqueue(events: list[dict[str, Any]]) -> int:
    """Append events to the local queue; returns how many were added. Never raises.

    The audit result matters more than telemetry: a locked or unwritable queue is skipped silently.
    """
    if not events:
        return 0
    from aura_cli.services.event_queue import EventQueue, queue_path

    try:
        with EventQueue(queue_path()) as queue:
            return queue.append(events)
    except Exception:
        return 0
