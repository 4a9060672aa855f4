"""Team rules declared in `.aura/rules.yaml`: regex, forbid-import and forbid-call kinds."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aura_agentic.engine.context import FileContext
from aura_agentic.engine.model import Example, Hit, Matcher, RuleSpec, Severity
from aura_agentic.rules.architecture import forbid_calls, forbid_imports


def regex_matcher(pattern: str) -> Matcher:
    """A matcher reporting every match of `pattern` on added lines (raw text, comments too,
    so teams can also police things like `TODO` without a ticket)."""
    regex = re.compile(pattern)

    def match(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
        hits: list[Hit] = []
        for no in ctx.added:
            m = regex.search(ctx.lines.get(no, ""))
            if m is not None:
                hits.append(Hit(no, m.start() + 1))
        return hits

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
) -> RuleSpec:
    """Build a `RuleSpec` for a validated team rule entry."""
    if kind == "regex":
        matcher = regex_matcher(str(target))
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
