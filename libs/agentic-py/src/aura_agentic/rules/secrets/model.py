"""Data types shared by every secret detector: the rule metadata and the hit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SecretHit:
    """One detected secret on one added line.

    ``column`` is the 1-based column of the first character of the secret and ``end_column`` the
    1-based column just past its last character (exclusive, as in SARIF). ``secret`` is the raw
    value: callers use it to redact and must never print it.
    """

    rule_id: str
    line: int
    column: int
    end_column: int
    secret: str


@dataclass(frozen=True, slots=True)
class SecretRule:
    """Metadata of one secret rule; ``positive``/``negative`` are its self-test lines.

    A rule cannot ship without examples: ``aura rules test`` and the test-suite feed every positive
    line to :func:`scan_secrets` expecting this rule to fire, and every negative expecting silence.
    """

    id: str
    title: str
    message: str
    fix: str
    lesson_id: str
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    severity: str = "error"
    category: str = "secret"
