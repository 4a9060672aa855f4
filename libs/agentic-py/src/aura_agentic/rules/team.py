"""Team rules declared in `.aura/rules.yaml`: regex, forbid-import and forbid-call kinds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aura_agentic.engine.context import FileContext
from aura_agentic.engine.model import Example, Hit, Matcher, RuleSpec, Severity
from aura_agentic.engine.safe_regex import compile_user_regex
from aura_agentic.rules.architecture import forbid_calls, forbid_imports


def regex_matcher(pattern: str, unless: str | None = None) -> Matcher:
    """A matcher reporting the first match of `pattern` on each added line (raw text,
    comments too, so teams can also police things like `TODO` without a ticket), except on
    lines `unless` matches. Both run on RE2 (`engine.safe_regex`): linear time, always."""
    regex = compile_user_regex(pattern, unless)

    def match(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
        text = "\n".join([ctx.lines.get(no, "") for no in ctx.added])
        return [Hit(ctx.added[i], column + 1) for i, column in regex.first_per_line(text)]

    return match


def make_team_rule(
    *,
    kind: str,
    rule_id: str,
    target: str | tuple[str, ...],
    message: str,
    fix: str,
    severity: Severity,
    category: str,
    lesson_id: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    languages: tuple[str, ...],
    positive: tuple[Example, ...],
    negative: tuple[Example, ...],
    unless: str | None = None,
) -> RuleSpec:
    """Build a `RuleSpec` for a validated team rule entry."""
    if kind == "regex":
        matcher = regex_matcher(str(target), unless)
    elif kind == "forbid-import":
        matcher = forbid_imports(tuple(target))
    else:
        matcher = forbid_calls(tuple(target))
    return RuleSpec(
        id=rule_id,
        category=category,
        severity=severity,
        message=message,
        fix=fix,
        lesson_id=lesson_id,
        matcher=matcher,
        pack="team",
        languages=languages,
        include=include,
        exclude=exclude,
        positive=positive,
        negative=negative,
    )
