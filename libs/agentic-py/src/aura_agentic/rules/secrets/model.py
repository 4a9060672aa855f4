"""Data types shared by every secret detector: the rule metadata and the hit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SecretHit:
    """One detected secret on one added line.

    ``column`` is the 1-based column of the first character of the secret and ``end_column`` the
    1-based column just past its last character (exclusive, as in SARIF). ``secret`` is the raw
    value: callers use it to redact and must never print it. ``public`` says why a key is
    public by design (it is still reported, at `info`).
    """

    rule_id: str
    line: int
    column: int
    end_column: int
    secret: str
    public: str = ""  # why the key is public by design (browser config, DSN), else ""


# Builds a rule's (positive, negative) self-test lines; see SecretRule.
ExampleMaker = Callable[[], tuple[tuple[str, ...], tuple[str, ...]]]


@dataclass(frozen=True, slots=True, eq=False)
class SecretRule:
    """Metadata of one secret rule; ``positive``/``negative`` are its self-test lines.

    A rule cannot ship without examples: ``aura rules test`` and the test-suite feed every positive
    line to :func:`scan_secrets` expecting this rule to fire, and every negative expecting silence.
    The examples are synthesised on first access only (``examples`` builds them): the git hook
    imports every rule on each commit but never runs a self-test. Rules compare by identity.
    """

    id: str
    title: str
    message: str
    fix: str
    lesson_id: str
    examples: ExampleMaker = field(repr=False)
    severity: str = "error"
    category: str = "secret"
    _built: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=list, init=False, repr=False
    )

    def _made(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if not self._built:
            self._built.append(self.examples())
        return self._built[0]

    @property
    def positive(self) -> tuple[str, ...]:
        """Lines on which this rule must fire (built on first access)."""
        return self._made()[0]

    @property
    def negative(self) -> tuple[str, ...]:
        """Lines on which this rule must stay silent (built on first access)."""
        return self._made()[1]
