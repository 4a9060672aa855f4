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
    day_start,
    parse_until,
    path_depth,
    path_prefixes,
    week_start,
)
from aura_api.events.records import StoredEvent

Key = tuple[Any, ...]
FEEDBACK_COLUMNS = ("findings", "blocked", "not_useful", "helpful")
_FEEDBACK = {
    "audit.finding": "findings",
    "audit.blocked": "blocked",
    "feedback.not_useful": "not_useful",
    "feedback.helpful": "helpful",
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
    out = BatchCounters()
    prefixes: dict[str, list[tuple[int, str]]] = {}  # paths repeat a lot within a batch
    buckets: dict[date, tuple[datetime, datetime]] = {}  # UTC date -> (day, week) starts
    for e in events:
        team = e.team_id
        if team is None:
            continue
        at = e.occurred_at.astimezone(UTC)
        if (starts := buckets.get(at.date())) is None:
            starts = buckets[at.date()] = (day_start(at), week_start(at))
        day, week = starts
        out.days[(team, day, e.type)] += 1
        seen = out.developers.get((team, e.user_id))
        if seen is None or seen < day:
            out.developers[(team, e.user_id)] = day
        kind = HOTSPOT_KINDS.get(e.type)
        if kind and e.path:
            if e.path not in prefixes:
                prefixes[e.path] = [(path_depth(p), p[:1024]) for p in path_prefixes(e.path)]
            for depth, prefix in prefixes[e.path]:
                out.hotspots[(team, "day", depth, day, prefix, kind)] += 1
                out.hotspots[(team, "week", depth, week, prefix, kind)] += 1
        column = _FEEDBACK.get(e.type)
        if column and e.rule_id:
            counts = out.feedback.setdefault((team, e.rule_id), [0, 0, 0, 0])
            counts[FEEDBACK_COLUMNS.index(column)] += 1
        if e.type == "suppression.added" and e.rule_id:
            _suppression(out, team, e)
    return out


def _suppression(out: BatchCounters, team: uuid.UUID, e: StoredEvent) -> None:
    key = (team, e.rule_id, (e.path or "")[:1024], parse_until(e.data or {}))
    entry = out.suppressions.setdefault(key, [0, e.occurred_at])
    entry[0] += 1
    entry[1] = max(entry[1], e.occurred_at)
