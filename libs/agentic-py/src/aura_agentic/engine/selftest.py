"""Rule listing and self-tests: every rule proves itself on its own examples."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from aura_agentic.engine.config import EngineConfig
from aura_agentic.engine.diff import parse_diff
from aura_agentic.engine.model import Finding, RuleInfo, SelfTestResult
from aura_agentic.engine.registry import ActiveRule, resolve_rules
from aura_agentic.engine.runner import _context, _identity, _run_rules
from aura_agentic.engine.suppressions import apply_inline, parse_inline


def new_file_diff(path: str, text: str) -> str:
    """A git diff that adds `text` as the new file `path` (used for examples and tests)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = "".join(f"+{line}\n" for line in lines)
    return (
        f"diff --git a/{path} b/{path}\nnew file mode 100644\nindex 0000000..1111111\n"
        f"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}"
    )


def active_rules(config: EngineConfig | None = None) -> list[RuleInfo]:
    """Every known rule with its effective state under `config` (enabled or not)."""
    config = config or EngineConfig()
    return [
        RuleInfo(
            id=r.spec.id,
            category=r.spec.category,
            severity=r.severity,
            pack=r.spec.pack,
            lesson_id=r.spec.lesson_id,
            enabled=r.enabled,
            message=r.spec.message,
        )
        for r in resolve_rules(config)
    ]


def findings_for_example(rule: ActiveRule, path: str, text: str) -> list[Finding]:
    """Run one rule over a whole new file and return its unsuppressed findings."""
    parsed = parse_diff(new_file_diff(path, text))
    found: list[Finding] = []
    errors: list[str] = []
    for f in parsed.files:
        ctx = _context(f, None)
        hits = _run_rules(ctx, [rule], errors, _identity)
        kept, _ = apply_inline(ctx, hits, parse_inline(ctx), dt.date.today())
        found.extend(kept)
    if errors:
        raise RuntimeError("; ".join(errors))
    return found


def run_self_tests(config: EngineConfig | None = None) -> list[SelfTestResult]:
    """Run each enabled rule on its positive (must fire) and negative (must not) examples.

    A rule without at least one example of each kind fails: no rule ships unproven. Examples
    are written for the rule as its author defined it, so they run with the rule's own paths
    and options; a configuration's include, exclude and thresholds tune where and how much it
    applies, which the examples do not try to prove.
    """
    config = config or EngineConfig()
    results: list[SelfTestResult] = []
    for configured in resolve_rules(config):
        if not configured.enabled:
            continue
        spec = configured.spec
        rule = replace(configured, include=spec.include, exclude=spec.exclude, options=spec.options)
        problems: list[str] = []
        if not spec.positive or not spec.negative:
            problems.append("needs at least one positive and one negative example")
        for ex in spec.positive:
            try:
                if not findings_for_example(rule, ex.path, ex.text):
                    problems.append(f"positive example {ex.path!r} did not match")
            except RuntimeError as exc:
                problems.append(str(exc))
        for ex in spec.negative:
            try:
                hits = findings_for_example(rule, ex.path, ex.text)
            except RuntimeError as exc:
                problems.append(str(exc))
                continue
            if hits:
                problems.append(f"negative example {ex.path!r} matched on line {hits[0].line}")
        n = len(spec.positive) + len(spec.negative)
        detail = "; ".join(problems) if problems else f"{n} examples passed"
        results.append(SelfTestResult(spec.id, not problems, detail))
    return results
