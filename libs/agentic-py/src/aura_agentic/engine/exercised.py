"""Which rules an audit exercised: the enabled rules that applied to at least one audited file.

A clean audit is evidence of mastery only for the rules that looked at the change (a Python
rule says nothing about a commit of YAML files). Callers send these ids with `audit.passed`
events so the server can credit clean work; this module only answers the question, it never
runs a matcher, so it costs a diff parse and a few glob checks.
"""

from __future__ import annotations

from collections.abc import Iterable

from aura_agentic.engine.config import EngineConfig
from aura_agentic.engine.diff import parse_diff
from aura_agentic.engine.paths import language_matches, language_of, matches_any
from aura_agentic.engine.registry import resolve_rules


def audited_paths(diff: bytes | str, config: EngineConfig) -> list[str]:
    """Paths of the diff the engine audits: files with added lines, inside the config's paths."""
    out: list[str] = []
    for f in parse_diff(diff).files:
        if not f.auditable:
            continue
        if config.include and not matches_any(f.path, config.include):
            continue
        if config.exclude and matches_any(f.path, config.exclude):
            continue
        out.append(f.path)
    return out


def rules_exercised(config: EngineConfig, paths: Iterable[str]) -> list[str]:
    """Ids of enabled rules whose language, include and exclude accept at least one of `paths`.

    Languages are judged from the path alone (a shebang-only script counts for no language),
    which errs on the side of crediting fewer rules.
    """
    files = [(p, language_of(p)) for p in paths]
    if not files:
        return []
    out: list[str] = []
    for rule in resolve_rules(config):
        if not rule.enabled or rule.spec.matcher is None:
            continue
        for path, language in files:
            if not language_matches(language, rule.spec.languages):
                continue
            if rule.include and not matches_any(path, rule.include):
                continue
            if rule.exclude and matches_any(path, rule.exclude):
                continue
            out.append(rule.spec.id)
            break
    return sorted(out)
