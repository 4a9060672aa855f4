"""Lesson efficacy: a developer's violations of a lesson's rules in a window before and after
their first exposure to it (opened or completed)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta

from aura_api.analytics.aggregate_repository import AggregateRepository
from aura_api.analytics.observations import EXPOSURES, VIOLATIONS
from aura_api.models import Event, LessonExposureAggregate

LessonRules = Callable[[Event], set[str]]


async def apply_efficacy(
    repo: AggregateRepository,
    events: Sequence[Event],
    window: timedelta,
    lesson_rules: LessonRules,
) -> None:
    """Two phases keep every violation counted once per exposure: exposures first, counting
    only violations applied in earlier batches; then this batch's violations are added to
    whichever exposures (old or new) they fall around."""
    users = {
        e.user_id for e in events if e.type in EXPOSURES or (e.type in VIOLATIONS and e.rule_id)
    }
    if not users:
        return
    stored: dict[uuid.UUID, dict[str, LessonExposureAggregate]] = {u: {} for u in users}
    for row in await repo.exposures_of_users(sorted(users)):
        stored[row.user_id][row.lesson_id] = row
    for user_id in sorted(users):
        mine = [e for e in events if e.user_id == user_id]
        exposures = stored[user_id]
        for event in mine:
            if event.type in EXPOSURES and event.lesson_id:
                await _expose(repo, exposures, event, window, lesson_rules)
        for event in mine:
            if event.type in VIOLATIONS and event.rule_id:
                _count(exposures.values(), event, window)
        for row in exposures.values():
            repo.add(row)


async def _expose(
    repo: AggregateRepository,
    exposures: dict[str, LessonExposureAggregate],
    event: Event,
    window: timedelta,
    lesson_rules: LessonRules,
) -> None:
    assert event.lesson_id is not None
    row = exposures.get(event.lesson_id)
    if row is not None and row.exposed_at <= event.occurred_at:
        return  # only the first exposure counts
    if row is None:
        rules = sorted(lesson_rules(event) | ({event.rule_id} if event.rule_id else set()))
        row = LessonExposureAggregate(
            user_id=event.user_id,
            lesson_id=event.lesson_id,
            team_id=event.team_id,
            exposed_at=event.occurred_at,
            rule_ids=rules,
        )
        exposures[event.lesson_id] = row
    row.exposed_at = event.occurred_at
    row.violations_before, row.violations_after = await repo.count_applied_violations(
        event.user_id, row.rule_ids, event.occurred_at, window
    )


def _count(rows: Iterable[LessonExposureAggregate], event: Event, window: timedelta) -> None:
    for row in rows:
        if event.rule_id not in row.rule_ids:
            continue
        if row.exposed_at - window <= event.occurred_at < row.exposed_at:
            row.violations_before += 1
        elif row.exposed_at <= event.occurred_at < row.exposed_at + window:
            row.violations_after += 1
