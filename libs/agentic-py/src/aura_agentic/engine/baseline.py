"""The baseline file (`.aura/baseline.json`): accepted findings keyed by content fingerprint.

Format: `{"version": 1, "entries": [{"fingerprint", "rule_id", "path", "reason"?}]}`. Entries
never hold line numbers or code, so the file is safe to commit and survives code moving around.
The optional `reason` says why a finding was accepted; rewriting the file keeps it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from aura_agentic.engine.fingerprint import fingerprint
from aura_agentic.engine.model import AuditReport, SuppressionProblem


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One accepted finding."""

    fingerprint: str
    rule_id: str
    path: str
    reason: str = ""


def load_baseline(path: Path) -> tuple[dict[str, BaselineEntry], list[str]]:
    """Read a baseline file; a missing file is empty, a broken one is reported, not raised."""
    if not path.is_file():
        return {}, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entries"] if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise ValueError("missing 'entries' list")
        out: dict[str, BaselineEntry] = {}
        for item in entries:
            entry = BaselineEntry(
                str(item["fingerprint"]),
                str(item["rule_id"]),
                str(item["path"]),
                str(item.get("reason") or ""),
            )
            out[entry.fingerprint] = entry
        return out, []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {}, [f"{path}: baseline ignored, it is not valid ({exc})"]


def write_baseline(
    report: AuditReport, path: Path, *, keep_existing: bool = False, reason: str = ""
) -> int:
    """Write every finding of `report` (including already-baselined ones) as the baseline.

    With `keep_existing`, entries already in the file are kept too (an "update" that never
    forgets). A finding already in the file keeps its reason; new ones get `reason`.
    Returns the number of entries written. Parent folders are created.
    """
    path = Path(path)
    before = load_baseline(path)[0]
    entries: dict[str, BaselineEntry] = dict(before) if keep_existing else {}
    for f in (*report.baselined, *report.findings):
        kept = before[f.fingerprint].reason if f.fingerprint in before else ""
        entries[f.fingerprint] = BaselineEntry(f.fingerprint, f.rule_id, f.path, kept or reason)
    rows = sorted(entries.values(), key=lambda e: (e.path, e.rule_id, e.fingerprint))
    doc = {
        "version": 1,
        "entries": [
            {"fingerprint": e.fingerprint, "rule_id": e.rule_id, "path": e.path}
            | ({"reason": e.reason} if e.reason else {})
            for e in rows
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return len(rows)


def stale_entries(
    entries: dict[str, BaselineEntry],
    used: set[str],
    touched: dict[str, bool],
    repo_root: Path | None,
) -> list[SuppressionProblem]:
    """Baseline entries of files this diff touched whose line no longer exists anywhere.

    A diff shows only part of the repository, so an entry counts as unused only when we can
    prove it: its file was deleted, or (with a working tree) no line of the file still
    produces its fingerprint. `touched` maps touched paths to "deleted in this diff".
    """
    problems: list[SuppressionProblem] = []
    by_path: dict[str, list[BaselineEntry]] = {}
    for e in entries.values():
        if e.fingerprint not in used and e.path in touched:
            by_path.setdefault(e.path, []).append(e)
    for rel, group in by_path.items():
        live: set[str] = set()
        if not touched[rel] and repo_root is not None:
            file = repo_root / rel
            if not file.is_file():
                pass
            else:
                text = file.read_bytes().decode("utf-8", "replace")
                rule_ids = {e.rule_id for e in group}
                for raw in text.split("\n"):
                    for rid in rule_ids:
                        live.add(fingerprint(rid, rel, raw))
        elif not touched[rel]:
            continue  # no working tree: cannot tell
        for e in group:
            if e.fingerprint not in live:
                msg = f"baseline entry for {e.rule_id} matches no code in {rel}; remove it"
                problems.append(SuppressionProblem("unused", rel, None, e.rule_id, msg))
    return problems
