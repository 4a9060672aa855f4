"""Writes of the aggregation: counter upserts and mastery/exposure rows (all SQL here)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col, select

from aura_api.analytics.observations import path_depth
from aura_api.models import (
    Event,
    HotspotAggregate,
    LessonExposureAggregate,
    RuleFeedbackAggregate,
    RuleMastery,
    SuppressionAggregate,
    TeamActivityAggregate,
)

_PAIRS_PER_STATEMENT = 2_000
_MASTERY_STATE = (
    "p_mastery", "checkpoint_p", "recent", "observations", "correct", "incorrect",
    "lessons_completed", "repeat_violations", "last_event_at", "updated_at",
)  # fmt: skip


@dataclass(slots=True)
class MasteryRow:
    """One `rule_mastery` row as plain data (cheap to update many times per batch)."""

    user_id: uuid.UUID
    rule_id: str
    p_mastery: float
    checkpoint_p: float
    recent: list[list[str]]
    observations: int
    correct: int
    incorrect: int
    lessons_completed: int
    repeat_violations: int
    last_event_at: datetime
    updated_at: datetime


class AggregateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _insert(self, model: type[SQLModel]) -> Any:
        dialect = self.session.get_bind().dialect.name
        table = model.__table__  # type: ignore[attr-defined]
        return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)

    async def _add_counts(
        self,
        model: type[SQLModel],
        keys: Sequence[str],
        rows: dict[tuple[Any, ...], dict[str, int]],
        fixed: Callable[[tuple[Any, ...]], dict[str, Any]] | None = None,
    ) -> None:
        """INSERT … ON CONFLICT DO UPDATE SET c = c + excluded.c, in key order (no deadlocks).

        `fixed` adds columns that follow from the key and are never incremented."""
        if not rows:
            return
        values = [
            dict(zip(keys, key, strict=True)) | (fixed(key) if fixed else {}) | counts
            for key, counts in sorted(rows.items())
        ]
        counters = sorted({c for counts in rows.values() for c in counts})
        table = model.__table__  # type: ignore[attr-defined]
        # One compiled statement run with many parameter sets (cached, batched by the driver);
        # a literal multi-row VALUES would be recompiled for every batch size.
        stmt = self._insert(model)
        stmt = stmt.on_conflict_do_update(
            index_elements=list(keys),
            set_={c: table.c[c] + stmt.excluded[c] for c in counters},
        )
        await self.session.execute(stmt, values)

    async def add_hotspots(self, rows: dict[tuple[Any, ...], dict[str, int]]) -> None:
        keys = ("team_id", "bucket", "bucket_start", "path_prefix", "kind")
        await self._add_counts(
            HotspotAggregate, keys, rows, fixed=lambda key: {"depth": path_depth(key[3])}
        )

    async def add_activity(self, rows: dict[tuple[Any, ...], dict[str, int]]) -> None:
        await self._add_counts(TeamActivityAggregate, ("team_id", "day", "user_id", "type"), rows)

    async def add_rule_feedback(self, rows: dict[tuple[Any, ...], dict[str, int]]) -> None:
        await self._add_counts(RuleFeedbackAggregate, ("team_id", "rule_id"), rows)

    async def add_suppression(
        self, team_id: uuid.UUID, rule_id: str, path: str, until: datetime | None, at: datetime
    ) -> None:
        # Rows are summed when read, so a duplicate row from a concurrent job is harmless.
        stmt = select(SuppressionAggregate).where(
            col(SuppressionAggregate.team_id) == team_id,
            col(SuppressionAggregate.rule_id) == rule_id,
            col(SuppressionAggregate.path) == path,
            col(SuppressionAggregate.until).is_(None)
            if until is None
            else col(SuppressionAggregate.until) == until,
        )
        row = (await self.session.execute(stmt.limit(1))).scalars().first()
        if row is None:
            row = SuppressionAggregate(
                team_id=team_id, rule_id=rule_id, path=path, until=until, last_added_at=at
            )
        row.count += 1
        row.last_added_at = max(row.last_added_at, at)
        self.session.add(row)

    async def lock_mastery(
        self, pairs: Iterable[tuple[uuid.UUID, str]], p_init: float, at: datetime
    ) -> dict[tuple[uuid.UUID, str], MasteryRow]:
        """Lock and return every pair's state, creating the missing rows first."""
        ordered = sorted(set(pairs))
        out: dict[tuple[uuid.UUID, str], MasteryRow] = {}
        for start in range(0, len(ordered), _PAIRS_PER_STATEMENT):
            chunk = ordered[start : start + _PAIRS_PER_STATEMENT]
            found = await self._lock_rows(chunk)
            missing = [pair for pair in chunk if pair not in found]
            if missing:
                seed = [
                    {"user_id": u, "rule_id": r, "p_mastery": p_init, "checkpoint_p": p_init,
                     "recent": [], "observations": 0, "correct": 0, "incorrect": 0,
                     "lessons_completed": 0, "repeat_violations": 0, "last_event_at": at,
                     "updated_at": at}
                    for u, r in missing
                ]  # fmt: skip
                insert = self._insert(RuleMastery).on_conflict_do_nothing()
                await self.session.execute(insert, seed)
                found |= await self._lock_rows(missing)
            out |= found
        return out

    async def _lock_rows(
        self, pairs: list[tuple[uuid.UUID, str]]
    ) -> dict[tuple[uuid.UUID, str], MasteryRow]:
        table = RuleMastery.__table__  # type: ignore[attr-defined]
        stmt = (
            select(table)
            .where(tuple_(table.c.user_id, table.c.rule_id).in_(pairs))
            .order_by(table.c.user_id, table.c.rule_id)
            .with_for_update()
        )
        rows = (await self.session.execute(stmt)).mappings()
        return {(m["user_id"], m["rule_id"]): MasteryRow(**m) for m in rows}

    async def save_mastery(self, rows: Iterable[MasteryRow]) -> None:
        table = RuleMastery.__table__  # type: ignore[attr-defined]
        values = [
            {"k_user": r.user_id, "k_rule": r.rule_id} | {c: getattr(r, c) for c in _MASTERY_STATE}
            for r in rows
        ]
        if not values:
            return
        stmt = (
            update(table)
            .where(table.c.user_id == bindparam("k_user"), table.c.rule_id == bindparam("k_rule"))
            .values({c: bindparam(c) for c in _MASTERY_STATE})
        )
        await self.session.execute(stmt, values)

    async def exposures_of_users(
        self, user_ids: Sequence[uuid.UUID]
    ) -> list[LessonExposureAggregate]:
        stmt = (
            select(LessonExposureAggregate)
            .where(col(LessonExposureAggregate.user_id).in_(list(user_ids)))
            .order_by(col(LessonExposureAggregate.user_id), col(LessonExposureAggregate.lesson_id))
            .with_for_update()
        )
        return list((await self.session.execute(stmt)).scalars().all())

    async def count_applied_violations(
        self, user_id: uuid.UUID, rule_ids: Sequence[str], at: datetime, window: timedelta
    ) -> tuple[int, int]:
        """Already-aggregated violations of `rule_ids` in the window before and after `at`."""
        if not rule_ids:
            return 0, 0
        occurred = col(Event.occurred_at)
        stmt = select(
            func.coalesce(func.sum(case((occurred < at, 1), else_=0)), 0),
            func.coalesce(func.sum(case((occurred >= at, 1), else_=0)), 0),
        ).where(
            col(Event.user_id) == user_id,
            occurred >= at - window,
            occurred < at + window,
            col(Event.type).in_(["audit.finding", "audit.blocked"]),
            col(Event.rule_id).in_(list(rule_ids)),
            col(Event.aggregated_at).is_not(None),
        )
        before, after = (await self.session.execute(stmt)).one()
        return int(before), int(after)

    def add(self, row: SQLModel) -> None:
        self.session.add(row)

    async def flush(self) -> None:
        await self.session.flush()
