"""The pure BKT math and event mapping, against values worked out by hand.

L0 = 0.2, T = 0.1, S = 0.1, G = 0.2 (the defaults):
- incorrect from 0.2: P(L|wrong) = 0.2*0.1 / (0.2*0.1 + 0.8*0.8) = 0.02/0.66 = 1/33;
  then transit 1/33 + (32/33)*0.1 = 4.2/33 = 0.127272…
- correct from 0.2: P(L|right) = 0.2*0.9 / (0.2*0.9 + 0.8*0.2) = 0.18/0.34 = 9/17;
  then transit 9/17 + (8/17)*0.1 = 9.8/17 = 0.576470…
- lesson (transit only) from p: p + (1 - p)*0.1.
"""

from __future__ import annotations

import pytest
from aura_api.analytics.bkt import BktParams, Outcome, posterior, trace, transit, update
from aura_api.analytics.observations import outcomes, parse_until, path_prefixes, week_start

P = BktParams(p_init=0.2, p_transit=0.1, p_slip=0.1, p_guess=0.2)


def test_posterior_and_transit_by_hand() -> None:
    assert posterior(0.2, False, P) == pytest.approx(1 / 33)
    assert posterior(0.2, True, P) == pytest.approx(9 / 17)
    assert transit(0.5, P) == pytest.approx(0.55)
    assert update(0.2, Outcome.incorrect, P) == pytest.approx(4.2 / 33)
    assert update(0.2, Outcome.correct, P) == pytest.approx(9.8 / 17)
    assert update(0.2, Outcome.lesson, P) == pytest.approx(0.28)


def test_a_sequence_matches_the_equations_step_by_step() -> None:
    p1 = 4.2 / 33  # incorrect
    q = p1 * 0.9 / (p1 * 0.9 + (1 - p1) * 0.2)  # then correct
    p2 = q + (1 - q) * 0.1
    p3 = p2 + (1 - p2) * 0.1  # then a lesson
    seq = [Outcome.incorrect, Outcome.correct, Outcome.lesson]
    assert trace(seq, P) == pytest.approx(p3)
    assert trace(seq, P) == pytest.approx(0.5109433962)


def test_correct_evidence_raises_and_violations_lower_mastery() -> None:
    rising = [trace([Outcome.correct] * n, P) for n in range(1, 4)]
    assert rising == pytest.approx([0.5764705882, 0.8736842105, 0.9719844358])
    assert trace([Outcome.correct] * 3 + [Outcome.incorrect], P) < rising[-1]


@pytest.mark.parametrize(
    "bad", [{"p_init": 0.0}, {"p_transit": 1.0}, {"p_slip": 0.6, "p_guess": 0.5}]
)
def test_parameters_are_validated(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        BktParams(**bad)


def test_event_types_map_to_outcomes() -> None:
    assert outcomes("audit.finding", "py/x", {}) == [("py/x", Outcome.incorrect)]
    # a blocked summary repeats its findings: it observes nothing of its own
    assert outcomes("audit.blocked", "py/x", {"rules": ["py/x"]}) == []
    assert outcomes("audit.blocked", None, {"findings": 2}) == []
    # findings on code the developer did not write in this change are not their mistakes
    assert outcomes("audit.finding", "py/x", {"pre_existing": True}) == []
    assert outcomes("audit.passed", None, {"rules_exercised": ["a/b"], "pre_existing": True}) == []
    assert outcomes("audit.passed", None, {"rules_exercised": ["a/b", "c/d", 3]}) == [
        ("a/b", Outcome.correct),
        ("c/d", Outcome.correct),
    ]
    assert outcomes("fix.applied", "a/b", {}) == [("a/b", Outcome.correct)]
    assert outcomes("lesson.completed", None, {}, {"a/b"}) == [("a/b", Outcome.lesson)]
    for quiet in ("feedback.not_useful", "lesson.opened", "lesson.shown", "struggle.detected"):
        assert outcomes(quiet, "a/b", {}) == []


def test_paths_buckets_and_expiry() -> None:
    assert path_prefixes("./src/app/x.py") == ["src/app/x.py", "src/app/", "src/"]
    assert path_prefixes("README.md") == ["README.md"]
    assert path_prefixes("") == []
    from datetime import UTC, datetime

    assert week_start(datetime(2026, 11, 22, 15, tzinfo=UTC)) == datetime(2026, 11, 16, tzinfo=UTC)
    assert parse_until({"until": "2026-01-31"}) == datetime(2026, 2, 1, tzinfo=UTC)
    assert parse_until({"until": "not a date"}) is None


def test_late_outcomes_within_the_tail_are_replayed_in_time_order() -> None:
    import random
    import uuid
    from datetime import UTC, datetime, timedelta

    from aura_api.analytics.aggregate_repository import MasteryRow
    from aura_api.analytics.mastery_update import TAIL, step
    from aura_api.analytics.tail import size

    start = datetime(2026, 1, 1, tzinfo=UTC)
    timeline = [
        (start + timedelta(minutes=i), [Outcome.correct, Outcome.incorrect, Outcome.lesson][i % 3])
        for i in range(TAIL + 20)
    ]

    def fresh() -> MasteryRow:
        return MasteryRow(
            user_id=uuid.uuid4(), rule_id="a/b", p_mastery=0.2, checkpoint_p=0.2, tail="",
            observations=0, correct=0, incorrect=0, lessons_completed=0, repeat_violations=0,
            last_event_at=start, updated_at=start,
        )  # fmt: skip

    shuffled = fresh()
    late = timeline[-10:]
    random.Random(3).shuffle(late)
    for at, outcome in timeline[:-10] + late:  # the last ten arrive out of order
        step(shuffled, at, outcome, P)
    assert shuffled.p_mastery == pytest.approx(trace([o for _, o in timeline], P))
    assert size(shuffled.tail) == TAIL
    assert (shuffled.observations, shuffled.lessons_completed) == (56, 28)
    assert shuffled.repeat_violations == 28 - 1  # every violation after the first lesson
