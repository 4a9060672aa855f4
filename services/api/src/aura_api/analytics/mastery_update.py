"""Apply events to the per-(developer, rule) BKT state, in occurred_at order per pair.

BKT depends on order, and offline clients deliver late. Each row keeps its last TAIL
observations with timestamps and the P(L) before them (`checkpoint_p`): a late event is put
in its place and the tail replayed from the checkpoint, which costs TAIL steps of arithmetic
and never reads events back. Only an event older than the whole tail (TAIL newer observations
already applied) is folded into the checkpoint out of order.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from aura_api.analytics.aggregate_repository import AggregateRepository, MasteryRow
from aura_api.analytics.bkt import BktParams, Outcome, trace, update
from aura_api.analytics.observations import MASTERY_TYPES, outcomes
from aura_api.models import Event

TAIL = 64
Pair = tuple[uuid.UUID, str]
LessonRules = Callable[[Event], set[str]]
_CODE = {Outcome.correct: "c", Outcome.incorrect: "i", Outcome.lesson: "l"}
_OUTCOME = {code: outcome for outcome, code in _CODE.items()}


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def step(row: MasteryRow, at: datetime, outcome: Outcome, params: BktParams) -> None:
    """Place one outcome at its time in the row's tail and recompute P(L) and the counters."""
    stamp = _stamp(at)
    recent = [list(entry) for entry in row.recent]
    lessons_in_tail = sum(1 for _, code in recent if code == "l")
    lessons_before = row.lessons_completed - lessons_in_tail
    lessons_before += sum(1 for ts, code in recent if code == "l" and ts < stamp)
    if len(recent) >= TAIL and stamp < recent[0][0]:
        row.checkpoint_p = update(row.checkpoint_p, outcome, params)
    else:
        bisect.insort(recent, [stamp, _CODE[outcome]])
        while len(recent) > TAIL:
            _, code = recent.pop(0)
            row.checkpoint_p = update(row.checkpoint_p, _OUTCOME[code], params)
    row.recent = recent
    row.p_mastery = trace([_OUTCOME[code] for _, code in recent], params, row.checkpoint_p)
    if outcome is Outcome.lesson:
        row.lessons_completed += 1
    else:
        row.observations += 1
        if outcome is Outcome.correct:
            row.correct += 1
        else:
            row.incorrect += 1
            if lessons_before > 0:
                row.repeat_violations += 1
    row.last_event_at = max(row.last_event_at, at)


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
    """Update every (developer, rule) pair the events touch."""
    steps = _by_pair(events, lesson_rules)
    if not steps:
        return
    now = datetime.now(UTC)
    first = min(e.occurred_at for items in steps.values() for e, _ in items)
    rows = await repo.lock_mastery(steps, params.p_init, first)
    for pair, items in sorted(steps.items()):
        row = rows[pair]
        for event, outcome in sorted(items, key=lambda item: (item[0].occurred_at, item[0].id)):
            step(row, event.occurred_at, outcome, params)
        row.updated_at = now
    await repo.save_mastery(rows.values())
