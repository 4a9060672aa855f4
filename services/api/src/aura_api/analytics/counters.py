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
    parse_until,
    path_depth,
    path_prefixes,
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
    # (team, bucket, depth, bucket_start, path_prefix, kind) -> interventions
    hotspots: Counter[Key] = field(default_factory=Counter)
    # (team, day, type) -> events: the overview's bounded roll-up
    days: Counter[Key] = field(default_factory=Counter)
    # (team, user) -> the latest day the developer was active in the team
    developers: dict[Key, datetime] = field(default_factory=dict)
    # (team, rule) -> counts in FEEDBACK_COLUMNS order
    feedback: dict[Key, list[int]] = field(default_factory=dict)
    # (team, rule, path, until) -> [count, last added at]
    suppressions: dict[Key, list[Any]] = field(default_factory=dict)


def count_batch(events: Iterable[StoredEvent]) -> BatchCounters:
    """Sum a batch in two passes: per event only (team, date, …) keys are counted; dates
    become bucket starts and paths their directories once per distinct key."""
    days: Counter[tuple[uuid.UUID, date, str]] = Counter()
    spots: Counter[tuple[uuid.UUID, date, str, str]] = Counter()
    active: dict[tuple[uuid.UUID, uuid.UUID], date] = {}
    out = BatchCounters()
    for e in events:
        team = e.team_id
        if team is None:
            continue
        on = e.occurred_at.astimezone(UTC).date()
        days[(team, on, e.type)] += 1
        seen = active.get((team, e.user_id))
        if seen is None or seen < on:
            active[(team, e.user_id)] = on
        kind = HOTSPOT_KINDS.get(e.type)
        if kind and e.path:
            spots[(team, on, e.path, kind)] += 1
        column = _FEEDBACK.get(e.type)
        if column is not None and e.rule_id:
            out.feedback.setdefault((team, e.rule_id), [0, 0, 0, 0])[column] += 1
        if e.type == "suppression.added" and e.rule_id:
            _suppression(out, team, e)
    starts = {on: _starts(on) for on in {key[1] for key in days}}
    for (team, on, type_), n in days.items():
        out.days[(team, starts[on][0], type_)] += n
    out.developers = {key: starts[on][0] for key, on in active.items()}
    prefixes: dict[str, list[tuple[int, str]]] = {}
    for (team, on, path, kind), n in spots.items():
        if path not in prefixes:
            prefixes[path] = [(path_depth(p), p[:1024]) for p in path_prefixes(path)]
        day, week = starts[on]
        for depth, prefix in prefixes[path]:
            out.hotspots[(team, "day", depth, day, prefix, kind)] += n
            out.hotspots[(team, "week", depth, week, prefix, kind)] += n
    return out


def _starts(on: date) -> tuple[datetime, datetime]:
    """The day's and its ISO week's start (00:00 UTC)."""
    day = datetime(on.year, on.month, on.day, tzinfo=UTC)
    return day, week_start(day)


def _suppression(out: BatchCounters, team: uuid.UUID, e: StoredEvent) -> None:
    key = (team, e.rule_id, (e.path or "")[:1024], parse_until(e.data or {}))
    entry = out.suppressions.setdefault(key, [0, e.occurred_at])
    entry[0] += 1
    entry[1] = max(entry[1], e.occurred_at)
