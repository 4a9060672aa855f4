"""Background jobs as plain functions of their inputs; `tasks.py` registers them on a broker.

Aggregation is idempotent: an event is applied and marked `aggregated_at` in one transaction,
and rows are locked with SKIP LOCKED, so a retry, a sweep and a concurrent job never apply an
event twice, and a failed job leaves its events for the retry or the sweep.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aura_api.db import session_scope
from aura_api.events.repository import EventRepository
from aura_api.models import Event
from aura_api.worker import analytics_hook

SWEEP_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 500


@dataclass
class Aggregated:
    applied: int = 0
    blocked_by_team: dict[uuid.UUID, set[str]] = field(default_factory=dict)


def _blocked(events: Sequence[Event]) -> dict[uuid.UUID, set[str]]:
    out: dict[uuid.UUID, set[str]] = {}
    for event in events:
        if event.type == "audit.blocked" and event.team_id and event.rule_id:
            out.setdefault(event.team_id, set()).add(event.rule_id)
    return out


async def aggregate_events(
    factory: async_sessionmaker[AsyncSession], ids: Sequence[uuid.UUID]
) -> Aggregated:
    """Apply the not-yet-applied events among `ids` to the analytics, exactly once."""
    async with session_scope(factory) as session:
        repo = EventRepository(session)
        events = await repo.lock_unaggregated(ids)
        if not events:
            return Aggregated()
        await analytics_hook.apply_events(session, events)
        await repo.mark_aggregated([e.id for e in events], datetime.now(UTC))
    return Aggregated(len(events), _blocked(events))


async def find_stale(
    factory: async_sessionmaker[AsyncSession],
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
