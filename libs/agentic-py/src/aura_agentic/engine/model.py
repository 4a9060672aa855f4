"""Core data types of the audit engine: rules, hits, findings and the report.

Everything here is plain dataclasses so the engine imports in milliseconds and every caller
(CLI, API, CI, rule packs) can build and read these objects without extra dependencies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from aura_agentic.engine.context import FileContext

Severity = Literal["error", "warning", "info"]
FailOn = Literal["error", "warning", "never"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
FAIL_ON_VALUES: tuple[str, ...] = ("error", "warning", "never")


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a matcher fired: 1-based new-file line and column, optional raw secret.

    A matcher may lower the finding's severity for this place (`severity`, never above the
    rule's configured one) and say why in `note`, appended to the message: a credential in a
    test fixture, a key that is public by design (ADR 0012).
    """

    line: int
    column: int = 1
    end_line: int | None = None
    secret: str | None = None
    severity: Severity | None = None
    note: str = ""


# A matcher sees one file and the rule's effective options and returns where the rule fires.
Matcher = Callable[["FileContext", Mapping[str, Any]], Sequence[Hit]]


@dataclass(frozen=True, slots=True)
class Example:
    """A self-test example: a whole new file whose added lines must (or must not) match."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule: identity, policy, how to match, and the examples that prove it works."""

    id: str
    category: str
    severity: Severity
    message: str
    fix: str
    lesson_id: str | None
    matcher: Matcher | None = None
    pack: str = "custom"
    languages: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # Any sequence: packs may build their examples lazily (the hook never runs self-tests).
    positive: Sequence[Example] = ()
    negative: Sequence[Example] = ()
    enabled_by_default: bool = True
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule violation on an added line; `to_dict` gives the findings JSON v1 shape."""

    rule_id: str
    category: str
    severity: Severity
    path: str
    line: int
    end_line: int
    column: int
    message: str
    fix: str
    lesson_id: str | None
    fingerprint: str
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        """Return the finding with exactly the keys of the findings JSON contract."""
        return {
            "rule_id": self.rule_id,
            "category": self.category,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "column": self.column,
            "message": self.message,
            "fix": self.fix,
            "lesson_id": self.lesson_id,
            "fingerprint": self.fingerprint,
            "snippet": self.snippet,
        }


@dataclass(frozen=True, slots=True)
class SuppressionProblem:
    """A suppression that needs attention: expired, unused, missing a reason, or invalid."""

    kind: Literal["expired", "unused", "missing-reason", "invalid"]
    path: str
    line: int | None
    rule_id: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict of this problem."""
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "rule_id": self.rule_id,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Suppression:
    """A finding that was not reported because something said so: `kind` is `aura:allow`,
    `baseline`, or another tool's marker (`gitleaks:allow`, `pragma: allowlist secret`,
    `noqa`, `eslint-disable-line`, `eslint-disable-next-line`, `nosec`; ADR 0012)."""

    rule_id: str
    path: str
    line: int
    kind: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict of this suppression."""
        return {"rule_id": self.rule_id, "path": self.path, "line": self.line, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What `active_rules` reports about one rule after configuration is applied."""

    id: str
    category: str
    severity: Severity
    pack: str
    lesson_id: str | None
    enabled: bool
    message: str


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    """Outcome of one rule's self-test examples."""

    rule_id: str
    ok: bool
    detail: str


def status_for(findings: Sequence[Finding], fail_on: str) -> Literal["pass", "fail"]:
    """Return "fail" when any finding is at or above `fail_on` ("never" always passes)."""
    if fail_on not in FAIL_ON_VALUES:
        raise ValueError(f"fail_on must be one of {FAIL_ON_VALUES}, got {fail_on!r}")
    if fail_on == "never":
        return "pass"
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK[f.severity] >= threshold for f in findings):
        return "fail"
    return "pass"


@dataclass(slots=True)
class AuditReport:
    """The result of one audit: findings, suppression bookkeeping, stats and diff problems."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    suppression_problems: list[SuppressionProblem] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # Baseline-suppressed findings are kept so `baseline update` can carry them forward.
    baselined: list[Finding] = field(default_factory=list)
    # Every suppressed finding with what suppressed it (`suppressed` is their number).
    suppressions: list[Suppression] = field(default_factory=list)

    def status(self, fail_on: str = "error") -> Literal["pass", "fail"]:
        """Return "pass" or "fail" for the given `fail_on` level (error, warning, never)."""
        return status_for(self.findings, fail_on)

    def to_dict(self, fail_on: str = "error") -> dict[str, Any]:
        """Return the findings JSON v1 document of DESIGN.md with exactly its keys."""
        return {
            "version": 1,
            "status": self.status(fail_on),
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": self.suppressed,
            "stats": {
                "files": int(self.stats.get("files", 0)),
                "added_lines": int(self.stats.get("added_lines", 0)),
                "rules": int(self.stats.get("rules", 0)),
                "duration_ms": float(self.stats.get("duration_ms", 0.0)),
                "suppressions": [s.to_dict() for s in self.suppressions],
            },
        }
