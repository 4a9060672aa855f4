"""Bayesian Knowledge Tracing, as pure functions (equations in docs/analytics/mastery.md).

Each (developer, rule) pair carries P(L), the probability that the developer has learned the
rule's pattern. An observation (a violation or a clean use of the pattern) updates it by
Bayes' rule given the slip and guess probabilities, then the transit probability models
learning from the opportunity. A completed lesson is a learning opportunity without an
observation: only the transit applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    correct = "correct"
    incorrect = "incorrect"
    lesson = "lesson"


@dataclass(frozen=True, slots=True)
class BktParams:
    """L0 (p_init), T (p_transit), S (p_slip), G (p_guess); all in (0, 1)."""

    p_init: float = 0.2
    p_transit: float = 0.1
    p_slip: float = 0.1
    p_guess: float = 0.2

    def __post_init__(self) -> None:
        for name in ("p_init", "p_transit", "p_slip", "p_guess"):
            value = getattr(self, name)
            if not 0.0 < value < 1.0:
                raise ValueError(f"{name} must be strictly between 0 and 1 (got {value})")
        if self.p_slip + self.p_guess >= 1.0:
            # Otherwise a correct answer would be evidence of *not* knowing the pattern.
            raise ValueError("p_slip + p_guess must be below 1")


def posterior(p_known: float, correct: bool, params: BktParams) -> float:
    """P(L | observation): Bayes' rule with slip S and guess G."""
    s, g = params.p_slip, params.p_guess
    if correct:
        known = p_known * (1.0 - s)
        return known / (known + (1.0 - p_known) * g)
    known = p_known * s
    return known / (known + (1.0 - p_known) * (1.0 - g))


def transit(p_known: float, params: BktParams) -> float:
    """P(L_next) = P(L) + (1 - P(L)) * T: the chance to learn at an opportunity."""
    return p_known + (1.0 - p_known) * params.p_transit


def update(p_known: float, outcome: Outcome, params: BktParams) -> float:
    """One step of BKT for an outcome; a lesson applies the transit only."""
    if outcome is Outcome.lesson:
        return transit(p_known, params)
    return transit(posterior(p_known, outcome is Outcome.correct, params), params)


def trace(outcomes: list[Outcome], params: BktParams, start: float | None = None) -> float:
    """P(L) after a whole sequence of outcomes, starting from `start` (default L0)."""
    p = params.p_init if start is None else start
    for outcome in outcomes:
        p = update(p, outcome, params)
    return p
