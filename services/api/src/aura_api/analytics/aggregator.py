"""The aggregation entry point the worker calls after ingest: `apply_events(session, events)`.

Part A's worker applies each event exactly once (it locks unaggregated events and marks them
in the same transaction), so everything here is incremental: counters are upserted, mastery
and exposures are updated from their stored state. Nothing here scans all events.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.analytics.aggregate_repository import AggregateRepository
from aura_api.analytics.bkt import BktParams
from aura_api.analytics.efficacy_update import apply_efficacy
from aura_api.analytics.mastery_update import apply_mastery
from aura_api.analytics.observations import (
    HOTSPOT_KINDS,
    day_start,
    parse_until,
    path_prefixes,
    week_start,
)
from aura_api.config import Settings, get_settings
from aura_api.knowledge.catalog import lesson_rule_ids
from aura_api.knowledge.repository import KnowledgeRepository
from aura_api.models import Event

Key = tuple[Any, ...]


def bkt_params(settings: Settings) -> BktParams:
    return BktParams(
        p_init=settings.analytics_bkt_p_init,
        p_transit=settings.analytics_bkt_p_transit,
        p_slip=settings.analytics_bkt_p_slip,
        p_guess=settings.analytics_bkt_p_guess,
    )


async def apply_events(session: AsyncSession, events: Sequence[Event]) -> None:
    """Fold a batch of newly stored events into every analytics aggregate."""
    if not events:
        return
    settings = get_settings()
    ordered = sorted(events, key=lambda e: (e.occurred_at, e.id))
    repo = AggregateRepository(session)
    lesson_rules = await _lesson_resolver(session, ordered)
    await _apply_counters(repo, ordered)
    await apply_mastery(repo, ordered, bkt_params(settings), lesson_rules)
    window = timedelta(days=settings.analytics_efficacy_window_days)
    await apply_efficacy(repo, ordered, window, lesson_rules)
    await repo.flush()


async def _lesson_resolver(session: AsyncSession, events: Sequence[Event]) -> Any:
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

    def resolve(event: Event) -> set[str]:
        if not event.lesson_id:
            return set()
        key = (event.team_id, event.lesson_id)
        if key not in cache:
            rules, lessons = knowledge.get(event.team_id, ([], {}))
            cache[key] = lesson_rule_ids(event.lesson_id, rules, lessons)
        return cache[key]

    return resolve


async def _apply_counters(repo: AggregateRepository, events: Sequence[Event]) -> None:
    hotspots: Counter[Key] = Counter()
    activity: Counter[Key] = Counter()
    feedback: dict[Key, Counter[str]] = {}
    for e in events:
        if e.team_id is None:
            continue
        activity[(e.team_id, day_start(e.occurred_at), e.user_id, e.type)] += 1
        kind = HOTSPOT_KINDS.get(e.type)
        if kind and e.path:
            day, week = day_start(e.occurred_at), week_start(e.occurred_at)
            for prefix in path_prefixes(e.path):
                hotspots[(e.team_id, "day", day, prefix[:1024], kind)] += 1
                hotspots[(e.team_id, "week", week, prefix[:1024], kind)] += 1
        column = {
            "audit.finding": "findings",
            "audit.blocked": "blocked",
            "feedback.not_useful": "not_useful",
            "feedback.helpful": "helpful",
        }.get(e.type)
        if column and e.rule_id:
            feedback.setdefault((e.team_id, e.rule_id), Counter())[column] += 1
        if e.type == "suppression.added" and e.rule_id:
            until = parse_until(e.data or {})
            await repo.add_suppression(e.team_id, e.rule_id, e.path or "", until, e.occurred_at)
    await repo.add_hotspots({k: {"count": n} for k, n in hotspots.items()})
    await repo.add_activity({k: {"count": n} for k, n in activity.items()})
    await repo.add_rule_feedback(
        {k: {c: counts.get(c, 0) for c in ("findings", "blocked", "not_useful", "helpful")}
         for k, counts in feedback.items()}
    )  # fmt: skip
