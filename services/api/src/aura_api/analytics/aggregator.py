"""The aggregation entry point the worker calls after ingest: `apply_events(session, events)`.

The worker applies each event exactly once (it locks unaggregated events and marks them in
the same transaction), so everything here is incremental: counters are added, mastery and
exposures are updated from their stored state. Nothing here scans all events. Design and
costs: docs/adr/0008-batched-aggregation.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from operator import attrgetter
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.analytics.aggregate_repository import AggregateRepository
from aura_api.analytics.bkt import BktParams
from aura_api.analytics.counters import count_batch
from aura_api.analytics.efficacy_update import apply_efficacy
from aura_api.analytics.mastery_update import apply_mastery
from aura_api.config import Settings, get_settings
from aura_api.events.records import StoredEvent
from aura_api.knowledge.catalog import lesson_rule_ids
from aura_api.knowledge.repository import KnowledgeRepository

_ORDER = attrgetter("occurred_at", "id")


def bkt_params(settings: Settings) -> BktParams:
    return BktParams(
        p_init=settings.analytics_bkt_p_init,
        p_transit=settings.analytics_bkt_p_transit,
        p_slip=settings.analytics_bkt_p_slip,
        p_guess=settings.analytics_bkt_p_guess,
    )


async def apply_events(
    session: AsyncSession, events: Sequence[StoredEvent], *, replay: bool = False
) -> None:
    """Fold a batch of newly stored events into every analytics aggregate: counters summed in
    memory and written with one statement per table, mastery and exposures read once and
    written once. `replay` marks a rebuild's batch (see `apply_efficacy`)."""
    if not events:
        return
    settings = get_settings()
    ordered = sorted(events, key=_ORDER)
    repo = AggregateRepository(session)
    lesson_rules = await _lesson_resolver(session, ordered)
    await repo.add_counters(count_batch(ordered))
    await apply_mastery(repo, ordered, bkt_params(settings), lesson_rules)
    window = timedelta(days=settings.analytics_efficacy_window_days)
    await apply_efficacy(repo, ordered, window, lesson_rules, replay=replay)


async def clear_aggregates(session: AsyncSession) -> None:
    """Delete every aggregate row (in the caller's transaction: readers keep seeing the old
    numbers until a rebuild commits)."""
    await AggregateRepository(session).clear()


async def _lesson_resolver(session: AsyncSession, events: Sequence[StoredEvent]) -> Any:
    """Rules each lesson teaches, from the built-ins and the team's current knowledge map."""
    teams = {e.team_id for e in events if e.lesson_id and e.type.startswith("lesson.")}
    knowledge: dict[uuid.UUID | None, tuple[list[dict[str, Any]], dict[str, str]]] = {
        None: ([], {})
    }
    repo = KnowledgeRepository(session)
    for team_id in teams:
        if team_id is None:
            continue
        latest = await repo.latest(team_id)
        knowledge[team_id] = (latest.rules, latest.lessons) if latest else ([], {})
    cache: dict[tuple[uuid.UUID | None, str], set[str]] = {}

    def resolve(event: StoredEvent) -> set[str]:
        if not event.lesson_id:
            return set()
        key = (event.team_id, event.lesson_id)
        if key not in cache:
            rules, lessons = knowledge.get(event.team_id, ([], {}))
            cache[key] = lesson_rule_ids(event.lesson_id, rules, lessons)
        return cache[key]

    return resolve
