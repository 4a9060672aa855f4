"""Background jobs as plain functions of their inputs; `tasks.py` registers them on a broker.

Aggregation is idempotent: an event is applied and marked `aggregated_at` in one transaction,
and rows are locked with SKIP LOCKED, so a retry, a sweep and a concurrent job never apply an
event twice, and a failed job leaves its events for the retry or the sweep. Jobs run one at a
time (an in-process lock, plus an advisory lock on PostgreSQL): they would only queue on the
same mastery and counter rows otherwise. A job fills its batch with other pending events, so
the jobs queued behind it find theirs done and the work goes in large batches
(docs/adr/0008-batched-aggregation.md).
"""

from __future__ import annotations

import asyncio
import uuid
import weakref
from collections import deque
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aura_api.db import session_scope
from aura_api.events.records import StoredEvent
from aura_api.events.repository import EventRepository
from aura_api.worker import analytics_hook

SWEEP_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 500
JOB_IDS = 500  # a job's own ids claimed per transaction (an ingest batch holds at most 500)
FILL_TO = 50_000  # events per transaction once filled with other pending ones
SQLITE_FILL_TO = 1_000
REBUILD_PAGE = 10_000
RECENT_IDS = 200_000  # ids remembered per process as applied (about 6 MB)

Factory = async_sessionmaker[AsyncSession]
_local: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


@dataclass
class Aggregated:
    applied: int = 0
    blocked_by_team: dict[uuid.UUID, set[str]] = field(default_factory=dict)

    def add(self, events: Sequence[StoredEvent]) -> None:
        self.applied += len(events)
        for event in events:
            if event.type == "audit.blocked" and event.team_id and event.rule_id:
                self.blocked_by_team.setdefault(event.team_id, set()).add(event.rule_id)


class _Applied:
    """Ids this process applied recently, after their commit. The jobs queued behind a filled
    batch find all their ids here and return without a database round trip."""

    def __init__(self, size: int = RECENT_IDS) -> None:
        self.size, self.order, self.ids = size, deque[uuid.UUID](), set[uuid.UUID]()

    def add(self, ids: Iterable[uuid.UUID]) -> None:
        for event_id in ids:
            if event_id not in self.ids:
                self.ids.add(event_id)
                self.order.append(event_id)
        while len(self.order) > self.size:
            self.ids.discard(self.order.popleft())


_applied: weakref.WeakKeyDictionary[Factory, _Applied] = weakref.WeakKeyDictionary()


@asynccontextmanager
async def _one_at_a_time(factory: Factory) -> AsyncIterator[None]:
    """Jobs of this process wait here, not on a database connection each."""
    locks = _local.setdefault(asyncio.get_running_loop(), {})
    async with locks.setdefault(id(factory), asyncio.Lock()):
        yield


def _fill_to(factory: Factory) -> int:
    bind = factory.kw.get("bind")
    return SQLITE_FILL_TO if bind is not None and bind.dialect.name == "sqlite" else FILL_TO


class _FilledBatchFailed(Exception):
    """Applying a batch that other jobs' events filled up failed."""


async def _apply_batch(
    factory: Factory, ids: Sequence[uuid.UUID], fill_to: int
) -> list[StoredEvent]:
    async with session_scope(factory) as session:
        repo = EventRepository(session)
        await repo.lock_aggregation()
        events = await repo.claim_unaggregated(ids, fill_to=fill_to)
        try:
            if events:
                await analytics_hook.apply_events(session, events)
                await repo.mark_aggregated([e.id for e in events], datetime.now(UTC))
        except Exception as exc:
            if len(events) > len(set(ids)):
                raise _FilledBatchFailed(str(exc)) from exc
            raise
    return events


async def aggregate_events(factory: Factory, ids: Sequence[uuid.UUID]) -> Aggregated:
    """Apply the not-yet-applied events among `ids` to the analytics, exactly once, together
    with other pending events (up to FILL_TO per transaction)."""
    out = Aggregated()
    async with _one_at_a_time(factory):
        applied = _applied.setdefault(factory, _Applied())
        pending = [event_id for event_id in ids if event_id not in applied.ids]
        for start in range(0, len(pending), JOB_IDS):
            chunk = pending[start : start + JOB_IDS]
            try:
                events = await _apply_batch(factory, chunk, _fill_to(factory))
            except _FilledBatchFailed as exc:
                # One of the other events may be what failed: apply this job's own events
                # alone, so one bad event cannot stall every job behind it.
                logger.warning("aggregation of a filled batch failed ({}); retrying alone", exc)
                events = await _apply_batch(factory, chunk, 0)
            out.add(events)
            applied.add(e.id for e in events)
    return out


async def rebuild_aggregates(factory: Factory, *, page: int = REBUILD_PAGE) -> int:
    """Recompute every aggregate from the stored events, in one transaction; returns the
    number of events replayed. Idempotent, and readers see the old numbers until it commits.

    Events are replayed by developer and time, so mastery is exact even for late events (no
    64-outcome bound), and any event not aggregated yet is applied and marked on the way."""
    replayed = 0
    async with _one_at_a_time(factory), session_scope(factory) as session:
        repo = EventRepository(session)
        await repo.lock_aggregation()
        await analytics_hook.clear(session)
        after: tuple[uuid.UUID, datetime, uuid.UUID] | None = None
        while events := await repo.page_in_user_order(after, page):
            await analytics_hook.apply_events(session, events, replay=True)
            await repo.mark_aggregated([e.id for e in events], datetime.now(UTC))
            replayed += len(events)
            last = events[-1]
            after = (last.user_id, last.occurred_at, last.id)
    return replayed


async def find_stale(
    factory: Factory,
    *,
    older_than: timedelta = SWEEP_AFTER,
    limit: int = SWEEP_BATCH * 20,
) -> list[list[uuid.UUID]]:
    """Events still unaggregated `older_than` after arrival, in job-sized chunks."""
    async with session_scope(factory) as session:
        ids = await EventRepository(session).stale_unaggregated(
            datetime.now(UTC) - older_than, limit
        )
    return [ids[i : i + SWEEP_BATCH] for i in range(0, len(ids), SWEEP_BATCH)]
