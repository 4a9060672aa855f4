"""Reads and writes of the aggregation (all its SQL): one statement per table and batch."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

from sqlalchemy import Table, case, delete, func, insert, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from aura_api.analytics.bulk import Merge, upsert
from aura_api.analytics.counters import FEEDBACK_COLUMNS, BatchCounters, Key
from aura_api.models import (
    Event,
    HotspotAggregate,
    LessonExposureAggregate,
    RuleFeedbackAggregate,
    RuleMastery,
    SuppressionAggregate,
    TeamDayAggregate,
    TeamDeveloperAggregate,
)

Pair = tuple[uuid.UUID, str]
_SQLITE_PAIRS = 400  # pairs per statement on SQLite (two parameters each)


@dataclass(slots=True)
class MasteryRow:
    """One `rule_mastery` row as plain data (cheap to update many times per batch)."""

    user_id: uuid.UUID
    rule_id: str
    p_mastery: float
    checkpoint_p: float
    tail: str  # analytics/tail.py
    observations: int
    correct: int
    incorrect: int
    lessons_completed: int
    repeat_violations: int
    last_event_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class ExposureRow:
    """One `aggregate_lesson_exposures` row as plain data."""

    user_id: uuid.UUID
    lesson_id: str
    team_id: uuid.UUID | None
    exposed_at: datetime
    rule_ids: list[str]
    violations_before: int = 0
    violations_after: int = 0


_MASTERY = tuple(f.name for f in fields(MasteryRow))
_EXPOSURE = tuple(f.name for f in fields(ExposureRow))
# Field values as a tuple without dataclasses.astuple's deep copy of every list.
_mastery_values = attrgetter(*_MASTERY)
_exposure_values = attrgetter(*_EXPOSURE)
_LOAD_MASTERY = text(  # built from the column names above, no input
    f"SELECT {', '.join('m.' + c for c in _MASTERY)} FROM rule_mastery AS m "  # noqa: S608
    "JOIN unnest(CAST(:users AS uuid[]), CAST(:rules AS text[])) AS k(user_id, rule_id) "
    "ON m.user_id = k.user_id AND m.rule_id = k.rule_id "
    "ORDER BY m.user_id, m.rule_id"
)
_AGGREGATES = (RuleMastery, HotspotAggregate, TeamDayAggregate, TeamDeveloperAggregate,
               RuleFeedbackAggregate, SuppressionAggregate, LessonExposureAggregate)  # fmt: skip


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


class AggregateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.postgres = session.get_bind().dialect.name == "postgresql"

    async def clear(self) -> None:
        """Delete every aggregate row (DELETE, not TRUNCATE: readers are not blocked)."""
        for model in _AGGREGATES:
            await self.session.execute(delete(_table(model)))

    async def add_counters(self, c: BatchCounters) -> None:
        """Add a batch's counters (`upsert` writes each table's rows in key order)."""
        key = ("team_id", "bucket", "depth", "bucket_start", "repo", "path_prefix", "kind")
        await upsert(
            self.session, _table(HotspotAggregate), (*key, "count"),
            [(*k, n) for k, n in c.hotspots.items()], keys=key,
            merge={"count": Merge.add},
        )  # fmt: skip
        await upsert(
            self.session, _table(TeamDayAggregate), ("team_id", "day", "type", "repo", "count"),
            [(*k, n) for k, n in c.days.items()], keys=("team_id", "day", "type", "repo"),
            merge={"count": Merge.add},
        )  # fmt: skip
        await upsert(
            self.session, _table(TeamDeveloperAggregate),
            ("team_id", "user_id", "repo", "last_active_day"),
            [(*k, day) for k, day in c.developers.items()], keys=("team_id", "user_id", "repo"),
            merge={"last_active_day": Merge.greatest},
        )  # fmt: skip
        await upsert(
            self.session, _table(RuleFeedbackAggregate),
            ("team_id", "rule_id", "repo", *FEEDBACK_COLUMNS),
            [(*k, *n) for k, n in c.feedback.items()], keys=("team_id", "rule_id", "repo"),
            merge=dict.fromkeys(FEEDBACK_COLUMNS, Merge.add),
        )  # fmt: skip
        await self._add_suppressions(c.suppressions)

    async def _add_suppressions(self, entries: dict[Key, list[Any]]) -> None:
        """Rows per (team, rule, path, until, repo); `until` may be NULL, so there is no unique
        key to upsert on: the batch's keys are looked up once, then updated by id or inserted."""
        if not entries:
            return
        s = _table(SuppressionAggregate)
        stmt = (
            select(s.c.id, s.c.team_id, s.c.rule_id, s.c.path, s.c.until, s.c.repo)
            .where(
                s.c.team_id.in_({k[0] for k in entries}),
                s.c.rule_id.in_({k[1] for k in entries}),
                s.c.path.in_({k[2] for k in entries}),
            )
            .order_by(s.c.id)
        )
        existing: dict[Key, int] = {}
        for row_id, *key in await self.session.execute(stmt):
            existing.setdefault(tuple(key), row_id)  # an old duplicate row stays as it is
        columns = ("id", "team_id", "rule_id", "path", "until", "repo", "count", "last_added_at")
        updates = [(existing[k], *k, *v) for k, v in entries.items() if k in existing]
        await upsert(
            self.session, s, columns, updates, keys=("id",),
            merge={"count": Merge.add, "last_added_at": Merge.greatest},
        )  # fmt: skip
        new = [dict(zip(columns[1:], (*k, *v), strict=True))
               for k, v in sorted(entries.items(), key=lambda kv: str(kv[0]))
               if k not in existing]  # fmt: skip
        if new:
            await self.session.execute(insert(s), new)

    async def load_mastery(self, pairs: Iterable[Pair]) -> dict[Pair, MasteryRow]:
        """The stored state of these (developer, rule) pairs; missing pairs are absent.

        Not locked row by row: every writer of mastery and exposures holds the aggregation
        lock (`EventRepository.lock_aggregation`) for its whole transaction."""
        ordered = list(set(pairs))
        rows: list[Any] = []
        if self.postgres:
            params = {"users": [u for u, _ in ordered], "rules": [r for _, r in ordered]}
            rows = list(await self.session.execute(_LOAD_MASTERY, params))
        else:
            table = _table(RuleMastery)
            for start in range(0, len(ordered), _SQLITE_PAIRS):
                chunk = ordered[start : start + _SQLITE_PAIRS]
                key = tuple_(table.c.user_id, table.c.rule_id)
                stmt = select(*(table.c[c] for c in _MASTERY)).where(key.in_(chunk))
                rows += await self.session.execute(stmt)
        return {(row[0], row[1]): MasteryRow(*row) for row in rows}

    async def save_mastery(self, rows: Sequence[MasteryRow]) -> None:
        await upsert(
            self.session, _table(RuleMastery), _MASTERY, [_mastery_values(r) for r in rows],
            keys=("user_id", "rule_id"), merge=dict.fromkeys(_MASTERY[2:], Merge.replace),
        )  # fmt: skip

    async def exposures_of_users(self, user_ids: Iterable[uuid.UUID]) -> list[ExposureRow]:
        table = _table(LessonExposureAggregate)
        stmt = (
            select(*(table.c[c] for c in _EXPOSURE))
            .where(table.c.user_id.in_(sorted(set(user_ids))))
            .order_by(table.c.user_id, table.c.lesson_id)
        )
        return [ExposureRow(*row) for row in await self.session.execute(stmt)]

    async def save_exposures(self, rows: Sequence[ExposureRow]) -> None:
        await upsert(
            self.session, _table(LessonExposureAggregate), _EXPOSURE,
            [_exposure_values(r) for r in rows], keys=("user_id", "lesson_id"),
            merge=dict.fromkeys(_EXPOSURE[2:], Merge.replace),
        )  # fmt: skip

    async def count_applied_violations(
        self,
        user_id: uuid.UUID,
        rule_ids: Sequence[str],
        at: datetime,
        window: timedelta,
        applied_before: tuple[datetime, uuid.UUID] | None = None,
    ) -> tuple[int, int]:
        """Violations of `rule_ids` in the window before and after `at` that earlier batches
        applied: those marked aggregated, or (a rebuild, which replays each developer's
        events in time order) those of this developer before `applied_before`."""
        if not rule_ids:
            return 0, 0
        occurred = col(Event.occurred_at)
        applied = (
            col(Event.aggregated_at).is_not(None)
            if applied_before is None
            else tuple_(occurred, col(Event.id)) < tuple_(*applied_before)
        )
        stmt = select(
            func.coalesce(func.sum(case((occurred < at, 1), else_=0)), 0),
            func.coalesce(func.sum(case((occurred >= at, 1), else_=0)), 0),
        ).where(
            col(Event.user_id) == user_id,
            occurred >= at - window,
            occurred < at + window,
            col(Event.type).in_(["audit.finding", "audit.blocked"]),
            col(Event.rule_id).in_(list(rule_ids)),
            applied,
        )
        before, after = (await self.session.execute(stmt)).one()
        return int(before), int(after)
