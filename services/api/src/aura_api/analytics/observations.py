"""Pure mapping from events to what analytics learns from them (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from aura_api.analytics.bkt import Outcome

# A finding is the violation; the `audit.blocked` summary that follows names the same rules,
# so counting it too would count one mistake twice.
VIOLATIONS = frozenset({"audit.finding"})
EXPOSURES = frozenset({"lesson.opened", "lesson.completed"})
MASTERY_TYPES = VIOLATIONS | {"audit.passed", "fix.applied", "lesson.completed"}
HOTSPOT_KINDS = {
    "audit.finding": "finding",
    "audit.blocked": "blocked",
    "struggle.detected": "struggle",
    "suppression.added": "suppression",
}
MAX_PARENT_DIRS = 8


def pre_existing(data: dict[str, Any] | None) -> bool:
    """Whether an event describes code the developer did not write in this change (the client
    marks `aura audit --all` and first runs on an existing repository): it describes the code
    (hotspots, rule findings) but is never counted as the developer's mistake."""
    return bool(data) and data.get("pre_existing") is True  # type: ignore[union-attr]


def is_violation(type_: str, rule_id: str | None, data: dict[str, Any] | None) -> bool:
    """A developer's own violation of `rule_id`: a finding on code of their change."""
    return type_ in VIOLATIONS and bool(rule_id) and not pre_existing(data)


def blocked_rules(rule_id: str | None, data: dict[str, Any] | None) -> list[str]:
    """Rules an `audit.blocked` event says blocked the commit: `data.rules` and `rule_id`."""
    raw = (data or {}).get("rules")
    found = (
        [r for r in raw if isinstance(r, str) and 0 < len(r) <= 200]
        if isinstance(raw, list)
        else []
    )
    return list(dict.fromkeys([*([rule_id] if rule_id else []), *found]))


def exercised_rules(data: dict[str, Any]) -> list[str]:
    """Rules a clean audit exercised: `data.rules_exercised` (or `data.rules`), strings only."""
    raw = data.get("rules_exercised", data.get("rules"))
    if not isinstance(raw, list):
        return []
    return [r for r in raw if isinstance(r, str) and 0 < len(r) <= 200]


def outcomes(
    type_: str, rule_id: str | None, data: dict[str, Any], lesson_rules: Iterable[str] = ()
) -> list[tuple[str, Outcome]]:
    """The BKT outcomes one event implies, per rule.

    A violation is an incorrect observation; a clean audit that exercised a rule, or an
    applied fix, a correct one; a completed lesson a learning opportunity for each rule it
    teaches. Everything else (lessons shown or opened, feedback, struggle) observes nothing.
    """
    if type_ in VIOLATIONS:
        return [(rule_id, Outcome.incorrect)] if is_violation(type_, rule_id, data) else []  # type: ignore[list-item]
    if type_ == "audit.passed":
        if pre_existing(data):
            return []  # a clean `--all` run is not the developer's own clean work
        rules = dict.fromkeys([*([rule_id] if rule_id else []), *exercised_rules(data)])
        return [(r, Outcome.correct) for r in rules]
    if type_ == "fix.applied":
        return [(rule_id, Outcome.correct)] if rule_id else []
    if type_ == "lesson.completed":
        rules = dict.fromkeys([*([rule_id] if rule_id else []), *sorted(lesson_rules)])
        return [(r, Outcome.lesson) for r in rules]
    return []


def path_prefixes(path: str) -> list[str]:
    """The path and its parent directories (trailing slash), at most MAX_PARENT_DIRS deep."""
    path = path.strip()
    while path.startswith("./"):
        path = path[2:]
    path = path.strip("/")
    if not path:
        return []
    parts = path.split("/")
    out = [path]
    # Directories from the top down, so the root-level ones always exist for drilling down.
    for depth in range(min(len(parts) - 1, MAX_PARENT_DIRS), 0, -1):
        out.append("/".join(parts[:depth]) + "/")
    return out


def path_depth(prefix: str) -> int:
    """Segments of a path or directory prefix: `src/` and `README.md` are 1, `src/a.py` 2."""
    return len(prefix.rstrip("/").split("/"))


def day_start(at: datetime) -> datetime:
    at = at.astimezone(UTC)
    return datetime(at.year, at.month, at.day, tzinfo=UTC)


def week_start(at: datetime) -> datetime:
    """Monday 00:00 UTC of the ISO week."""
    day = day_start(at)
    return day - timedelta(days=day.weekday())


def parse_until(data: dict[str, Any]) -> datetime | None:
    """`data.until` of a suppression (YYYY-MM-DD or ISO datetime) as the end of that day."""
    raw = data.get("until")
    if not isinstance(raw, str) or not raw:
        return None
    try:
        if len(raw) == 10:
            day = datetime.fromisoformat(raw).replace(tzinfo=UTC)
            return day + timedelta(days=1)
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
