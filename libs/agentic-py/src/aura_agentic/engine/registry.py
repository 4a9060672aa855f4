"""The rule registry: built-in packs plus team rules, resolved against a configuration.

It consumes a plain `EngineConfig` and never parses one; it hands the parser a
`RuleCatalog` of what exists (see `config.py` for the layering).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from aura_agentic.engine.config import EngineConfig, RuleCatalog
from aura_agentic.engine.model import RuleSpec, Severity

# Packs that are on unless the configuration turns them off; others are opt-in examples.
PACK_DEFAULTS: dict[str, bool] = {
    "python": True,
    "js": True,
    "secrets": True,
    "architecture": False,
    "team": True,
}


@dataclass(frozen=True, slots=True)
class ActiveRule:
    """A rule with the configuration applied: effective severity, paths and options."""

    spec: RuleSpec
    enabled: bool
    severity: Severity
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    options: Mapping[str, Any]


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[RuleSpec, ...]:
    """Every built-in rule of every pack (secrets only when that pack is installed)."""
    # Imported here, not at module level: rule packs import the engine's model, and a
    # lazy import keeps `import aura_agentic.engine` free of import cycles.
    from aura_agentic.rules import builtin_packs

    rules: list[RuleSpec] = []
    for pack in builtin_packs():
        rules.extend(pack)
    return tuple(rules)


def load_problems() -> list[str]:
    """Problems met while loading built-in packs (reported in every audit's errors)."""
    builtin_rules()
    from aura_agentic.rules.secrets_adapter import LOAD_PROBLEMS

    return list(LOAD_PROBLEMS)


def builtin_rule_ids() -> frozenset[str]:
    """The ids of all built-in rules, for validating configuration."""
    return frozenset(r.id for r in builtin_rules())


def pack_options() -> dict[str, dict[str, Any]]:
    """Options a pack takes as a whole (`packs.<name>.<option>`), with their defaults."""
    builtin_rules()
    from aura_agentic.rules.secrets_adapter import PACK_OPTIONS

    return {"secrets": dict(PACK_OPTIONS)}


@lru_cache(maxsize=1)
def rule_catalog() -> RuleCatalog:
    """The packs, pack options and built-in rules a configuration may name."""
    return RuleCatalog(
        packs=frozenset(PACK_DEFAULTS),
        rules={rule.id: rule for rule in builtin_rules()},
        pack_options=pack_options(),
    )


def resolve_rules(config: EngineConfig) -> list[ActiveRule]:
    """Apply pack switches and per-rule overrides of `config` to all known rules."""
    out: list[ActiveRule] = []
    for spec in (*builtin_rules(), *config.team_rules):
        pack_default = PACK_DEFAULTS.get(spec.pack, True)
        pack_on = config.packs.get(spec.pack, pack_default)
        explicitly_on = config.packs.get(spec.pack) is True
        enabled = pack_on and (spec.enabled_by_default or explicitly_on)
        severity: Severity = spec.severity
        include, exclude = spec.include, spec.exclude
        options: dict[str, Any] = dict(spec.options)
        options.update(config.pack_options.get(spec.pack, {}))
        override = config.rules.get(spec.id)
        if override is not None:
            if override.enabled is not None:
                enabled = override.enabled
            if override.severity is not None:
                severity = override.severity
            if override.include:
                include = override.include
            exclude = exclude + override.exclude
            options.update(override.options)
        out.append(ActiveRule(spec, enabled, severity, include, exclude, options))
    return out
