"""Apply events to the per-(developer, rule) BKT state, in occurred_at order per pair.

BKT depends on order, and offline clients deliver late. Each row keeps its last TAIL
observations with their times (`tail`, see analytics/tail.py) and the P(L) before them
(`checkpoint_p`): a late event is put in its place and the tail replayed from the
checkpoint, which costs TAIL steps of arithmetic and never reads events back. Only an event
older than the whole tail (TAIL newer observations already applied) is folded into the
checkpoint out of order. An outcome newer than the whole tail (the usual case) just advances
P(L) by one step: the same arithmetic, in the same order, as replaying the tail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from aura_api.analytics import tail as tails
from aura_api.analytics.aggregate_repository import AggregateRepository, MasteryRow
from aura_api.analytics.bkt import BktParams, Outcome, update
from aura_api.analytics.observations import MASTERY_TYPES, outcomes
from aura_api.events.records import StoredEvent

TAIL = 64
Pair = tuple[uuid.UUID, str]
LessonRules = Callable[[StoredEvent], set[str]]
_CODE = {Outcome.correct: "c", Outcome.incorrect: "i", Outcome.lesson: "l"}
_OUTCOME = {code: outcome for outcome, code in _CODE.items()}


def place(row: MasteryRow, at: datetime, outcome: Outcome, params: BktParams) -> bool:
    """Put one outcome at its time in the row's tail and count it. True when it went after
    the whole tail: P(L) then advances by `update`; otherwise `retrace` recomputes it."""
    at_stamp = tails.stamp(at)
    entry = at_stamp + _CODE[outcome]
    tail = row.tail
    # A repeat violation follows a completed lesson (one strictly earlier in time).
    if outcome is Outcome.incorrect and row.lessons_completed > tails.lessons_from(tail, at_stamp):
        row.repeat_violations += 1
    index = tails.position(tail, entry)
    appended = index == tails.size(tail)
    if tails.size(tail) >= TAIL and at_stamp < tail[: tails.STAMP]:
        row.checkpoint_p = update(row.checkpoint_p, outcome, params)
    else:
        tail = tail[: index * tails.WIDTH] + entry + tail[index * tails.WIDTH :]
        excess = tails.size(tail) - TAIL
        if excess > 0:  # the oldest entries leave the tail into the checkpoint
            for code in tails.codes(tail[: excess * tails.WIDTH]):
                row.checkpoint_p = update(row.checkpoint_p, _OUTCOME[code], params)
            tail = tail[excess * tails.WIDTH :]
        row.tail = tail
    if outcome is Outcome.lesson:
        row.lessons_completed += 1
    else:
        row.observations += 1
        if outcome is Outcome.correct:
            row.correct += 1
        else:
            row.incorrect += 1
    row.last_event_at = max(row.last_event_at, at)
    return appended


def retrace(row: MasteryRow, params: BktParams) -> None:
    """P(L) from the checkpoint through the tail (TAIL steps of arithmetic at most)."""
    p = row.checkpoint_p
    for code in tails.codes(row.tail):
        p = update(p, _OUTCOME[code], params)
    row.p_mastery = p


def step(row: MasteryRow, at: datetime, outcome: Outcome, params: BktParams) -> None:
    """Place one outcome and bring P(L) up to date."""
    if place(row, at, outcome, params):
        row.p_mastery = update(row.p_mastery, outcome, params)
    else:
        retrace(row, params)


def _by_pair(
    events: Sequence[StoredEvent], lesson_rules: LessonRules
) -> dict[Pair, list[tuple[StoredEvent, Outcome]]]:
    out: dict[Pair, list[tuple[StoredEvent, Outcome]]] = {}
    # A completed lesson reaches every rule it teaches (dozens): resolve each lesson once.
    lessons: dict[tuple[uuid.UUID | None, str | None, str | None], list[tuple[str, Outcome]]] = {}
    for event in events:
        if event.type not in MASTERY_TYPES:
            continue
        if event.type == "lesson.completed":
            key = (event.team_id, event.lesson_id, event.rule_id)
            if key not in lessons:
                lessons[key] = outcomes(event.type, event.rule_id, {}, lesson_rules(event))
            found = lessons[key]
        else:
            found = outcomes(event.type, event.rule_id, event.data or {})
        user = event.user_id
        for rule_id, outcome in found:
            out.setdefault((user, rule_id), []).append((event, outcome))
    return out


async def apply_mastery(
    repo: AggregateRepository,
    events: Sequence[StoredEvent],
    params: BktParams,
    lesson_rules: LessonRules,
) -> None:
    """Update every (developer, rule) pair the events touch: one read of their state, the
    outcomes placed in (occurred_at, id) order (the order of `events`), one write."""
    steps = _by_pair(events, lesson_rules)
    if not steps:
        return
    now = datetime.now(UTC)
    stored = await repo.load_mastery(steps)
    changed = []
    for pair, items in steps.items():
        row = stored.get(pair) or MasteryRow(
            user_id=pair[0], rule_id=pair[1], p_mastery=params.p_init,
            checkpoint_p=params.p_init, tail="", observations=0, correct=0, incorrect=0,
            lessons_completed=0, repeat_violations=0, last_event_at=items[0][0].occurred_at,
            updated_at=now,
        )  # fmt: skip
        in_order = True
        for event, outcome in items:
            if place(row, event.occurred_at, outcome, params) and in_order:
                row.p_mastery = update(row.p_mastery, outcome, params)
            else:
                in_order = False
        if not in_order:  # once, after the batch's last late outcome
            retrace(row, params)
        row.updated_at = now
        changed.append(row)
    await repo.save_mastery(changed)
