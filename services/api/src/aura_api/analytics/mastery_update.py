"""Apply events to the per-(developer, rule) BKT state, in occurred_at order per pair."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from aura_api.analytics.aggregate_repository import AggregateRepository
from aura_api.analytics.bkt import BktParams, Outcome, update
from aura_api.analytics.observations import MASTERY_TYPES, outcomes
from aura_api.models import Event, RuleMastery

Pair = tuple[uuid.UUID, str]
LessonRules = Callable[[Event], set[str]]


def _step(row: RuleMastery, outcome: Outcome, params: BktParams) -> None:
    row.p_mastery = update(row.p_mastery, outcome, params)
    if outcome is Outcome.lesson:
        row.lessons_completed += 1
    else:
        row.observations += 1
        if outcome is Outcome.correct:
            row.correct += 1
        else:
            row.incorrect += 1
            if row.lessons_completed > 0:
                row.repeat_violations += 1


def _reset(row: RuleMastery, params: BktParams) -> None:
    row.p_mastery = params.p_init
    row.observations = row.correct = row.incorrect = 0
    row.lessons_completed = row.repeat_violations = 0


def _by_pair(
    events: Sequence[Event], lesson_rules: LessonRules
) -> dict[Pair, list[tuple[Event, Outcome]]]:
    out: dict[Pair, list[tuple[Event, Outcome]]] = {}
    for event in events:
        if event.type not in MASTERY_TYPES:
            continue
        taught = lesson_rules(event) if event.type == "lesson.completed" else set()
        for rule_id, outcome in outcomes(event.type, event.rule_id, event.data or {}, taught):
            out.setdefault((event.user_id, rule_id), []).append((event, outcome))
    return out


async def apply_mastery(
    repo: AggregateRepository,
    events: Sequence[Event],
    params: BktParams,
    lesson_rules: LessonRules,
) -> None:
    """Update every touched pair. Events older than a pair's last applied event (an offline
    client delivering late) make that pair replay its whole history in time order, because
    BKT is order-dependent; otherwise the new events are applied on top of the stored state."""
    steps = _by_pair(events, lesson_rules)
    if not steps:
        return
    now = datetime.now(UTC)
    rows = await repo.lock_mastery(steps, params.p_init, now)
    batch_ids = [e.id for e in events]
    for pair, new_items in sorted(steps.items()):
        row, items = rows[pair], new_items
        fresh = row.observations + row.lessons_completed == 0
        if not fresh and min(e.occurred_at for e, _ in items) < row.last_event_at:
            history = await repo.applied_events_of_user(pair[0], MASTERY_TYPES, batch_ids)
            items = _by_pair(history, lesson_rules).get(pair, [])
            _reset(row, params)
            fresh = True
        for event, outcome in sorted(items, key=lambda item: (item[0].occurred_at, item[0].id)):
            at = event.occurred_at
            row.last_event_at = at if fresh else max(row.last_event_at, at)
            fresh = False
            _step(row, outcome, params)
        row.updated_at = now
        repo.add(row)
