"""Inline suppressions: `aura: allow <rule-id> reason="…" [until=YYYY-MM-DD]` in a comment.

A suppression covers its own line; on a comment-only line it also covers the code below it
(above a decorator stack, the decorated `def`). Expired, unused and reason-less
suppressions are reported as problems so that suppression debt stays visible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from aura_agentic.engine.context import FileContext
from aura_agentic.engine.model import Finding, SuppressionProblem

_RULE = r"[A-Za-z0-9_./*-]+"
_ALLOW = re.compile(rf"aura:\s*allow\s+(?P<rules>{_RULE}(?:\s*,\s*{_RULE})*)")
_REASON = re.compile(r"""reason\s*=\s*(?:"([^"]*)"|'([^']*)'|“([^”]*)”)""")
_UNTIL = re.compile(r"until\s*=\s*([^\s\"'*]+)")
_COMMENT_MARKERS = ("#", "//", "/*", "--", "<!--", ";", "%", "{#", "{{!")
_ONLY_MARKERS = re.compile(r"^(?:#|//|/\*|\*|--|<!--|;|%|\{#|\{\{!|\s)*$")


@dataclass(slots=True)
class InlineSuppression:
    """One parsed `aura: allow` comment."""

    path: str
    line: int
    rules: tuple[str, ...]
    reason: str | None
    until: dt.date | None
    until_invalid: bool
    on_added: bool
    standalone: bool = True  # a comment-only line: it also covers the line below
    used: bool = False

    def covers(self, rule_id: str) -> bool:
        """Whether this suppression names `rule_id` (exactly, or as `pack/*`)."""
        for pattern in self.rules:
            if pattern in (rule_id, "*"):
                return True
            if pattern.endswith("/*") and rule_id.startswith(pattern[:-1]):
                return True
        return False

    def expired(self, today: dt.date) -> bool:
        """True once the `until` date has passed (the suppression then stops applying)."""
        return self.until is not None and self.until < today


def parse_inline(ctx: FileContext) -> list[InlineSuppression]:
    """Find every `aura: allow` comment among the known lines of a file."""
    found: list[InlineSuppression] = []
    if not ctx.any_line_has("aura:"):
        return found
    added = ctx.added_set
    for number, text in ctx.lines.items():
        if "aura:" not in text:
            continue
        m = _ALLOW.search(text)
        if m is None or not any(mark in text[: m.start()] for mark in _COMMENT_MARKERS):
            continue
        tail = text[m.end() :]
        reason_m = _REASON.search(tail)
        reason = next((g for g in reason_m.groups() if g is not None), None) if reason_m else None
        until: dt.date | None = None
        until_invalid = False
        until_m = _UNTIL.search(tail)
        if until_m:
            try:
                until = dt.date.fromisoformat(until_m.group(1))
            except ValueError:
                until_invalid = True
        rules = tuple(r.strip() for r in m.group("rules").split(","))
        found.append(
            InlineSuppression(
                ctx.path,
                number,
                rules,
                reason.strip() if reason else None,
                until,
                until_invalid,
                number in added,
                bool(_ONLY_MARKERS.match(text[: m.start()])),
            )
        )
    return found


def _candidate_lines(ctx: FileContext, line: int) -> list[int]:
    """The finding's line, the line above, and above a decorator stack for a `def`."""
    out = [line, line - 1]
    probe = line - 1
    while probe > 0 and ctx.text(probe).lstrip().startswith("@"):
        probe -= 1
        out.append(probe)
    return out


def apply_inline(
    ctx: FileContext,
    findings: list[Finding],
    suppressions: list[InlineSuppression],
    today: dt.date,
) -> tuple[list[Finding], int]:
    """Drop findings covered by a live suppression; return the kept ones and the count."""
    if not suppressions:
        return findings, 0
    by_line: dict[int, list[InlineSuppression]] = {}
    for s in suppressions:
        by_line.setdefault(s.line, []).append(s)
    kept: list[Finding] = []
    suppressed = 0
    for f in findings:
        hit = False
        for number in _candidate_lines(ctx, f.line):
            for s in by_line.get(number, ()):
                if number != f.line and not s.standalone:
                    continue  # a trailing comment speaks only for its own line
                if s.covers(f.rule_id) and not s.until_invalid and not s.expired(today):
                    s.used = True
                    hit = True
        if hit:
            suppressed += 1
        else:
            kept.append(f)
    return kept, suppressed


def problems_for(
    suppressions: Iterable[InlineSuppression], today: dt.date
) -> list[SuppressionProblem]:
    """Report expired, invalid, reason-less and unused suppressions on added lines."""
    problems: list[SuppressionProblem] = []
    for s in suppressions:
        rule = ",".join(s.rules)
        if s.until_invalid:
            msg = f"suppression of {rule} has an invalid until date (use YYYY-MM-DD)"
            problems.append(SuppressionProblem("invalid", s.path, s.line, rule, msg))
        elif s.expired(today):
            msg = f"suppression of {rule} expired on {s.until}; fix the code or renew it"
            problems.append(SuppressionProblem("expired", s.path, s.line, rule, msg))
        if not s.on_added:
            continue
        if not s.reason:
            msg = f'suppression of {rule} has no reason="…"; say why it is safe'
            problems.append(SuppressionProblem("missing-reason", s.path, s.line, rule, msg))
        if not s.used and not s.until_invalid and not s.expired(today):
            msg = f"suppression of {rule} matches no finding; remove it"
            problems.append(SuppressionProblem("unused", s.path, s.line, rule, msg))
    return problems
