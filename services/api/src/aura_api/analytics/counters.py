"""The additive counters of a batch, summed in memory before one write per table (no I/O).

Every counter is a sum (or a high-water mark), so batches can be applied in any order and
split anywhere: the result is the same as applying the events one by one.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from aura_api.analytics.observations import (
    HOTSPOT_KINDS,
    blocked_rules,
    parse_until,
    path_depth,
    path_prefixes,
    pre_existing,
    week_start,
)
from aura_api.events.records import StoredEvent

Key = tuple[Any, ...]
FEEDBACK_COLUMNS = ("findings", "blocked", "not_useful", "helpful")
_FEEDBACK = {  # event type -> index in FEEDBACK_COLUMNS
    "audit.finding": 0,
    "audit.blocked": 1,
    "feedback.not_useful": 2,
    "feedback.helpful": 3,
}


@dataclass
class BatchCounters:
    # Every key carries the repository ("" when an event names none) so reads can filter by it.
    # (team, bucket, depth, bucket_start, repo, path_prefix, kind) -> interventions
    hotspots: Counter[Key] = field(default_factory=Counter)
    # (team, day, type, repo) -> events: the overview's bounded roll-up
    days: Counter[Key] = field(default_factory=Counter)
    # (team, user, repo) -> the latest day the developer was active in the team
    developers: dict[Key, datetime] = field(default_factory=dict)
    # (team, rule, repo) -> counts in FEEDBACK_COLUMNS order
    feedback: dict[Key, list[int]] = field(default_factory=dict)
    # (team, rule, path, until, repo) -> [count, last added at]
    suppressions: dict[Key, list[Any]] = field(default_factory=dict)


def repo_key(repo: str | None) -> str:
    """The repository as an aggregate key: at most 300 characters, "" for none."""
    return (repo or "")[:300]


def count_batch(events: Iterable[StoredEvent]) -> BatchCounters:
    """Sum a batch in two passes: per event only (team, date, …) keys are counted; dates
    become bucket starts and paths their directories once per distinct key."""
    days: Counter[tuple[uuid.UUID, date, str, str]] = Counter()
    spots: Counter[tuple[uuid.UUID, date, str, str, str]] = Counter()
    active: dict[tuple[uuid.UUID, uuid.UUID, str], date] = {}
    out = BatchCounters()
    for e in events:
        team = e.team_id
        if team is None:
            continue
        repo = repo_key(e.repo)
        on = e.occurred_at.astimezone(UTC).date()
        days[(team, on, e.type, repo)] += 1
        seen = active.get((team, e.user_id, repo))
        if seen is None or seen < on:
            active[(team, e.user_id, repo)] = on
        kind = HOTSPOT_KINDS.get(e.type)
        if kind and e.path:
            spots[(team, on, repo, e.path, kind)] += 1
        column = _FEEDBACK.get(e.type)
        if e.type == "audit.blocked":
            # One blocked commit counts once for every rule that blocked it; an `--all` run
            # over existing code blocks nothing.
            if not pre_existing(e.data):
                for rule_id in blocked_rules(e.rule_id, e.data):
                    out.feedback.setdefault((team, rule_id, repo), [0, 0, 0, 0])[column] += 1  # type: ignore[index]
        elif column is not None and e.rule_id:
            out.feedback.setdefault((team, e.rule_id, repo), [0, 0, 0, 0])[column] += 1
        if e.type == "suppression.added" and e.rule_id:
            _suppression(out, team, repo, e)
    starts = {on: _starts(on) for on in {key[1] for key in days}}
    for (team, on, type_, repo), n in days.items():
        out.days[(team, starts[on][0], type_, repo)] += n
    out.developers = {key: starts[on][0] for key, on in active.items()}
    prefixes: dict[str, list[tuple[int, str]]] = {}
    for (team, on, repo, path, kind), n in spots.items():
        if path not in prefixes:
            prefixes[path] = [(path_depth(p), p[:1024]) for p in path_prefixes(path)]
        day, week = starts[on]
        for depth, prefix in prefixes[path]:
            out.hotspots[(team, "day", depth, day, repo, prefix, kind)] += n
            out.hotspots[(team, "week", depth, week, repo, prefix, kind)] += n
    return out


def _starts(on: date) -> tuple[datetime, datetime]:
    """The day's and its ISO week's start (00:00 UTC)."""
    day = datetime(on.year, on.month, on.day, tzinfo=UTC)
    return day, week_start(day)


def _suppression(out: BatchCounters, team: uuid.UUID, repo: str, e: StoredEvent) -> None:
    key = (team, e.rule_id, (e.path or "")[:1024], parse_until(e.data or {}), repo)
    entry = out.suppressions.setdefault(key, [0, e.occurred_at])
    entry[0] += 1
    entry[1] = max(entry[1], e.occurred_at)
