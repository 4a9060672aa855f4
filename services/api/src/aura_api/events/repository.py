from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Uuid,
    and_,
    any_,
    bindparam,
    not_,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col

from aura_api.events.query import EventQuery
from aura_api.events.records import StoredEvent
from aura_api.kit.repository import Repository
from aura_api.models import Event, TeamMember

_ARRAY_COLUMNS = ("id", "user_id", "team_id", "type", "source", "occurred_at", "received_at",
                  "repo", "path", "rule_id", "lesson_id")  # fmt: skip
_UNNEST_INSERT = text(
    "INSERT INTO events (id, user_id, team_id, type, source, occurred_at, received_at, repo, "
    "path, rule_id, lesson_id, data) "
    "SELECT * FROM unnest(CAST(:id AS uuid[]), CAST(:user_id AS uuid[]), "
    "CAST(:team_id AS uuid[]), CAST(:type AS text[]), CAST(:source AS text[]), "
    "CAST(:occurred_at AS timestamptz[]), CAST(:received_at AS timestamptz[]), "
    "CAST(:repo AS text[]), CAST(:path AS text[]), CAST(:rule_id AS text[]), "
    "CAST(:lesson_id AS text[]), CAST(:data AS json[])) "
    "ON CONFLICT (id) DO NOTHING RETURNING id"
).columns(id=Uuid())
_UUID_ARRAY = ARRAY(Uuid())
_LOCK = 0x41555241  # "AURA": the advisory lock key of aggregation
# Aggregation reads plain Core rows of the table (no ORM loading machinery per row).
_T = Event.__table__.c  # type: ignore[attr-defined]
_RECORD = (_T.id, _T.user_id, _T.team_id, _T.type, _T.occurred_at, _T.path, _T.rule_id,
           _T.lesson_id, _T.data, _T.repo)  # fmt: skip


class EventRepository(Repository[Event]):
    model = Event

    async def memberships(self, user_id: uuid.UUID) -> list[uuid.UUID]:
        stmt = select(col(TeamMember.team_id)).where(col(TeamMember.user_id) == user_id)
        return list((await self.session.execute(stmt)).scalars().all())

    async def insert_new(self, rows: Sequence[dict[str, Any]]) -> set[uuid.UUID]:
        """Insert in one statement; rows whose id exists are skipped. Returns the new ids."""
        if not rows:
            return set()
        if self.session.get_bind().dialect.name == "postgresql":
            # Column arrays through unnest: one short statement whatever the batch size, and
            # no per-row parameter processing (the ingest hot path).
            columns = {c: [row[c] for row in rows] for c in _ARRAY_COLUMNS}
            columns["data"] = [orjson.dumps(row["data"]).decode() for row in rows]
            result = await self.session.execute(_UNNEST_INSERT, columns)
        else:
            table = Event.metadata.tables["events"]
            stmt = (
                sqlite_insert(table)
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(table.c.id)
            )
            # A parameter list: one multi-row INSERT … RETURNING from a cached compilation.
            result = await self.session.execute(stmt, list(rows))
        return set(result.scalars().all())

    async def owners(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        """The submitting user of each stored event among `ids`."""
        if not ids:
            return {}
        stmt = select(_T.id, _T.user_id).where(self._ids_in(ids))
        return {row.id: row.user_id for row in await self.session.execute(stmt)}

    async def search(self, q: EventQuery, limit: int) -> Sequence[Event]:
        """Newest first, keyset-paginated over (occurred_at, id)."""
        stmt = select(Event)
        for column, value in (
            (Event.team_id, q.team_id),
            (Event.user_id, q.user_id),
            (Event.type, q.type),
            (Event.rule_id, q.rule_id),
            (Event.repo, q.repo),
        ):
            if value is not None:
                stmt = stmt.where(col(column) == value)
        occurred = col(Event.occurred_at)
        if q.since is not None:
            stmt = stmt.where(occurred >= q.since)
        if q.until is not None:
            stmt = stmt.where(occurred < q.until)
        if q.before is not None:
            at, last_id = q.before
            stmt = stmt.where(or_(occurred < at, and_(occurred == at, col(Event.id) < last_id)))
        stmt = stmt.order_by(occurred.desc(), col(Event.id).desc()).limit(limit)
        return await self.all(stmt)

    def _ids_in(self, ids: Sequence[uuid.UUID]) -> ColumnElement[bool]:
        if self._postgres:
            # One array parameter: a short statement, and no limit of 32k parameters.
            ids_param = bindparam("ids", list(ids), type_=_UUID_ARRAY)
            return _T.id == any_(ids_param)  # type: ignore[no-any-return]
        return _T.id.in_(list(ids))  # type: ignore[no-any-return]

    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    async def lock_aggregation(self) -> None:
        """Serialise aggregation across processes until the transaction ends (PostgreSQL).

        One writer at a time: concurrent jobs would only queue on the same mastery and
        counter rows. SQLite has a single writer already (and one process)."""
        if self._postgres:
            await self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})

    async def claim_unaggregated(
        self, ids: Sequence[uuid.UUID], *, fill_to: int = 0
    ) -> list[StoredEvent]:
        """Lock the not-yet-applied events among `ids`, then (when there were some) add the
        oldest other pending events up to `fill_to` in all, so a backlog drains in large
        batches. Rows another transaction holds are skipped: it is applying them."""
        claimed = await self._claim(self._ids_in(ids), None)
        if claimed and len(claimed) < fill_to:
            # Our own locks do not make SKIP LOCKED skip a row: exclude what we hold.
            others = not_(self._ids_in([e.id for e in claimed]))
            claimed += await self._claim(others, fill_to - len(claimed))
        return claimed

    async def _claim(self, where: ColumnElement[bool], limit: int | None) -> list[StoredEvent]:
        stmt = select(*_RECORD).where(where, _T.aggregated_at.is_(None))
        if limit is not None:
            stmt = stmt.order_by(_T.received_at).limit(limit)
        rows = await self.session.execute(stmt.with_for_update(skip_locked=True))
        # Ten columns are past SQLAlchemy's typed overloads: the row type is open-ended.
        return [StoredEvent(*row) for row in rows]  # type: ignore[call-arg]

    async def mark_aggregated(self, ids: Sequence[uuid.UUID], at: datetime) -> None:
        pending = _T.aggregated_at.is_(None)  # a rebuild leaves applied rows as they are
        table = Event.__table__  # type: ignore[attr-defined]
        await self.session.execute(
            update(table).where(self._ids_in(ids), pending).values(aggregated_at=at)
        )

    async def page_in_user_order(
        self, after: tuple[uuid.UUID, datetime, uuid.UUID] | None, limit: int
    ) -> list[StoredEvent]:
        """Every stored event, by (user, occurred_at, id), `limit` at a time (the rebuild):
        each developer's events come in time order, so mastery is replayed exactly."""
        key = (_T.user_id, _T.occurred_at, _T.id)
        stmt = select(*_RECORD).order_by(*key).limit(limit)
        if after is not None:
            stmt = stmt.where(tuple_(*key) > tuple_(*after))
        return [StoredEvent(*row) for row in await self.session.execute(stmt)]  # type: ignore[call-arg]

    async def stale_unaggregated(self, received_before: datetime, limit: int) -> list[uuid.UUID]:
        """Ids the aggregation has not applied although they arrived a while ago."""
        stmt = (
            select(col(Event.id))
            .where(col(Event.aggregated_at).is_(None), col(Event.received_at) < received_before)
            .order_by(col(Event.received_at))
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars().all())
