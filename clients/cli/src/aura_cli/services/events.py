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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aura_cli.services import engine

SOURCE_CLI = "cli"
# Rule id lists stay well inside the server's 4 KiB limit for an event's data.
MAX_RULE_IDS = 60


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

    def for_report(
        self, report: Any, status: str, fail_on: str, mode: str, context: AuditContext
    ) -> list[dict[str, Any]]:
        """`audit.finding` per finding then one `audit.passed` or `audit.blocked` summary.

        Every event names the knowledge-map version it was judged by; a blocked summary names
        the rules that blocked (its `rule_id` is the first of them), a passed one the rules the
        change exercised. Findings on code the developer did not write in this change
        (`aura audit --all`) are marked `pre_existing` so the server never counts them as
        the developer's mistakes.
        """
        out = []
        counts: dict[str, int] = {}
        common = context.common()
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
                        **common,
                    },
                )
            )
        stats = getattr(report, "stats", {}) or {}
        summary: dict[str, Any] = {
            "mode": mode,
            "fail_on": fail_on,
            "findings": len(report.findings),
            "by_severity": counts,
            "suppressed": int(getattr(report, "suppressed", 0) or 0),
            "baselined": len(getattr(report, "baselined", None) or []),
            "files": stats.get("files"),
            "added_lines": stats.get("added_lines"),
            **common,
        }
        if status == "fail":
            blocking = blocking_rules(report.findings, fail_on)
            summary["rules"] = blocking[:MAX_RULE_IDS]
            first = blocking[0] if blocking else None
            out.append(self.make("audit.blocked", rule_id=first, data=summary))
        else:
            summary["rules_exercised"] = list(context.exercised[:MAX_RULE_IDS])
            out.append(self.make("audit.passed", data=summary))
        return out


@dataclass(frozen=True)
class AuditContext:
    """What the events of one audit say besides its findings."""

    map_version: int | None = None  # the team knowledge map the audit applied, if any
    pre_existing: bool = False  # the audited lines are not the developer's change
    exercised: tuple[str, ...] = ()  # rules that applied to the audited files

    def common(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.map_version is not None:
            out["map_version"] = self.map_version
        if self.pre_existing:
            out["pre_existing"] = True
        return out


def blocks(severity: str, fail_on: str) -> bool:
    """Whether a finding of `severity` fails an audit at the `--fail-on` threshold."""
    if fail_on == "never":
        return False
    return severity == "error" or (fail_on == "warning" and severity == "warning")


def blocking_rules(findings: list[Any], fail_on: str) -> list[str]:
    """Ids of the rules whose findings fail the audit, most findings first, then by id."""
    counts: dict[str, int] = {}
    for f in findings:
        if blocks(f.severity, fail_on):
            counts[f.rule_id] = counts.get(f.rule_id, 0) + 1
    return sorted(counts, key=lambda r: (-counts[r], r))


def factory_for(repo: str | None, config: dict[str, Any]) -> EventFactory:
    """An EventFactory honouring `privacy.hash_paths` from the user config."""
    from aura_cli.config import settings

    hashed = bool((config.get("privacy") or {}).get("hash_paths")) or bool(
        os.environ.get("AURA_HASH_PATHS")
    )
    salt = path_salt(settings.aura_home()) if hashed else None
    return EventFactory(repo, salt=salt)


def enqueue(events: list[dict[str, Any]], *, table: str = "events") -> int:
    """Append events (or audit records) to the local queue; returns rows added. Never raises.

    The audit result matters more than telemetry: a locked or unwritable queue is skipped silently.
    """
    if not events:
        return 0
    from aura_cli.services.event_queue import EventQueue, queue_path

    try:
        with EventQueue(queue_path()) as queue:
            return queue.append(events, table=table)
    except Exception:
        return 0
