"""Lesson efficacy: a developer's violations of a lesson's rules in a window before and after
their first exposure to it (opened or completed)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

from aura_api.analytics.aggregate_repository import AggregateRepository, ExposureRow
from aura_api.analytics.observations import EXPOSURES, is_violation
from aura_api.events.records import StoredEvent

LessonRules = Callable[[StoredEvent], set[str]]


async def apply_efficacy(
    repo: AggregateRepository,
    events: Sequence[StoredEvent],
    window: timedelta,
    lesson_rules: LessonRules,
    *,
    replay: bool = False,
) -> None:
    """Two phases keep every violation counted once per exposure: exposures first, counting
    only violations applied in earlier batches; then this batch's violations are added to
    whichever exposures (old or new) they fall around.

    `replay` (a rebuild): batches follow each developer's events in time order, so the
    events applied before are that developer's events before their first one here."""
    mine: dict[uuid.UUID, list[StoredEvent]] = {}
    for e in events:
        if e.type in EXPOSURES or is_violation(e.type, e.rule_id, e.data):
            mine.setdefault(e.user_id, []).append(e)
    if not mine:
        return
    stored: dict[uuid.UUID, dict[str, ExposureRow]] = {u: {} for u in mine}
    for row in await repo.exposures_of_users(mine):
        stored[row.user_id][row.lesson_id] = row
    changed: dict[tuple[uuid.UUID, str], ExposureRow] = {}
    for user_id, items in mine.items():
        exposures = stored[user_id]
        for event in items:
            if event.type in EXPOSURES and event.lesson_id:
                before = (items[0].occurred_at, items[0].id) if replay else None
                exposed = await _expose(repo, exposures, event, window, lesson_rules, before)
                if exposed is not None:
                    changed[(user_id, exposed.lesson_id)] = exposed
        for event in items:
            if is_violation(event.type, event.rule_id, event.data):
                for row in _count(exposures.values(), event, window):
                    changed[(user_id, row.lesson_id)] = row
    await repo.save_exposures(list(changed.values()))


async def _expose(
    repo: AggregateRepository,
    exposures: dict[str, ExposureRow],
    event: StoredEvent,
    window: timedelta,
    lesson_rules: LessonRules,
    applied_before: tuple[datetime, uuid.UUID] | None,
) -> ExposureRow | None:
    assert event.lesson_id is not None
    row = exposures.get(event.lesson_id)
    if row is not None and row.exposed_at <= event.occurred_at:
        return None  # only the first exposure counts
    if row is None:
        rules = sorted(lesson_rules(event) | ({event.rule_id} if event.rule_id else set()))
        row = ExposureRow(
            user_id=event.user_id,
            lesson_id=event.lesson_id,
            team_id=event.team_id,
            exposed_at=event.occurred_at,
            rule_ids=rules,
        )
        exposures[event.lesson_id] = row
    row.exposed_at = event.occurred_at
    row.violations_before, row.violations_after = await repo.count_applied_violations(
        event.user_id, row.rule_ids, event.occurred_at, window, applied_before
    )
    return row


def _count(
    rows: Iterable[ExposureRow], event: StoredEvent, window: timedelta
) -> Iterable[ExposureRow]:
    for row in rows:
        if event.rule_id not in row.rule_ids:
            continue
        if row.exposed_at - window <= event.occurred_at < row.exposed_at:
            row.violations_before += 1
            yield row
        elif row.exposed_at <= event.occurred_at < row.exposed_at + window:
            row.violations_after += 1
            yield row
