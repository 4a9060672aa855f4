"""The allow markers of other tools, honoured so a repository adopts Aura without rewriting them.

A line that another scanner was already told to accept is accepted here too, but only for the
rules that marker is about, and every use is counted as a suppression (`AuditReport.suppressions`,
the findings JSON's `stats.suppressions`) so nothing is hidden silently (ADR 0012):

| marker (in a comment)                                   | covers                            |
|---------------------------------------------------------|-----------------------------------|
| `gitleaks:allow`                                        | secrets on the line               |
| `pragma: allowlist secret` (detect-secrets)             | secrets on the line               |
| `pragma: allowlist nextline secret`                     | secrets on the next line          |
| `noqa: T201` / `T203` (and flake8-print's `T001`/`T003`)| `python/debug-print`              |
| `noqa: T100`                                            | `python/debugger`                 |
| `eslint-disable-line no-console` / `-next-line`         | `js/console-log`                  |
| `eslint-disable-line no-debugger` / `-next-line`        | `js/debugger`                     |
| `nosec B105` / `B106` / `B107` (bandit's password rules)| secrets on the line               |

Blanket forms (`# noqa`, `# nosec`, `eslint-disable-line` without a rule) name no rule and
cover nothing: they were written for another tool's findings, not for a leaked credential.
"""

from __future__ import annotations

import re

from aura_agentic.engine.context import FileContext
from aura_agentic.engine.model import Finding

_WORDS = ("gitleaks:allow", "allowlist", "noqa", "eslint-disable", "nosec")
_COMMENT = re.compile(r"#|//|/\*|<!--|--|;|%")
_NOQA = re.compile(r"noqa\s*:\s*(?P<codes>[A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*)", re.IGNORECASE)
_ESLINT = re.compile(
    r"eslint-disable-(?P<where>next-line|line)\s+(?P<rules>[\w@/\-]+(?:\s*,\s*[\w@/\-]+)*)"
)
_NOSEC = re.compile(r"nosec(?:\s*:)?\s+(?P<ids>[\w\s,]+)", re.IGNORECASE)
_PRAGMA = re.compile(r"pragma:\s*allowlist\s+(?P<next>nextline\s+)?secret", re.IGNORECASE)
_PRINT_CODES = frozenset({"T201", "T203", "T001", "T003"})
_DEBUGGER_CODES = frozenset({"T100"})
_NOSEC_SECRETS = frozenset(
    {
        "B105",
        "B106",
        "B107",
        "hardcoded_password_string",
        "hardcoded_password_funcarg",
        "hardcoded_password_default",
    }
)
_ESLINT_RULES = {"no-console": "js/console-log", "no-debugger": "js/debugger"}


def _comment(text: str) -> str:
    """The comment part of a line (from the first comment marker), or ""."""
    found = _COMMENT.search(text)
    return text[found.start() :] if found else ""


def _same_line(comment: str, finding: Finding) -> str | None:
    """The marker on the finding's own line that covers it, or None."""
    secret = finding.category == "secret"
    if secret and "gitleaks:allow" in comment:
        return "gitleaks:allow"
    pragma = _PRAGMA.search(comment)
    if secret and pragma is not None and not pragma.group("next"):
        return "pragma: allowlist secret"
    if secret and "nosec" in comment.lower():
        nosec = _NOSEC.search(comment)
        ids = set(re.split(r"[\s,]+", nosec.group("ids").strip())) if nosec else set()
        if ids & _NOSEC_SECRETS:
            return "nosec"
    noqa = _NOQA.search(comment)
    if noqa is not None:
        codes = {c.upper() for c in re.split(r"[\s,]+", noqa.group("codes")) if c}
        if finding.rule_id == "python/debug-print" and codes & _PRINT_CODES:
            return "noqa"
        if finding.rule_id == "python/debugger" and codes & _DEBUGGER_CODES:
            return "noqa"
    return _eslint(comment, finding, "line")


def _eslint(comment: str, finding: Finding, where: str) -> str | None:
    for match in _ESLINT.finditer(comment):
        if match.group("where") != where:
            continue
        rules = {r.strip() for r in match.group("rules").split(",")}
        if any(_ESLINT_RULES.get(rule) == finding.rule_id for rule in rules):
            return f"eslint-disable-{where}"
    return None


def _line_above(comment: str, finding: Finding) -> str | None:
    """The marker on the line above that speaks for the finding's line, or None."""
    pragma = _PRAGMA.search(comment)
    if finding.category == "secret" and pragma is not None and pragma.group("next"):
        return "pragma: allowlist nextline secret"
    return _eslint(comment, finding, "next-line")


def apply_markers(
    ctx: FileContext, findings: list[Finding]
) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """Split `findings` into those kept and those another tool's marker allows (with it)."""
    if not findings or not any(ctx.any_line_has(word) for word in _WORDS):
        return findings, []
    kept: list[Finding] = []
    allowed: list[tuple[Finding, str]] = []
    for finding in findings:
        marker = _same_line(_comment(ctx.text(finding.line)), finding)
        if marker is None:
            marker = _line_above(_comment(ctx.text(finding.line - 1)), finding)
        if marker is None:
            kept.append(finding)
        else:
            allowed.append((finding, marker))
    return kept, allowed
