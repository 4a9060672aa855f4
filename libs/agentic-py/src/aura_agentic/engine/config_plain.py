"""A validated configuration as plain JSON data, and back, without YAML.

A knowledge map synced from the server is validated once, when it arrives; the git hook then
rebuilds its configuration from this plain form on every commit, which skips importing and
running the YAML parser (a large part of the hook's start-up budget). The plain form is made
from the parsed `EngineConfig` itself, so it keeps the parser's exact meaning; only a team
rule's kind and target (which a `RuleSpec` compiles into its matcher) are read from the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aura_agentic.engine.config import ConfigError, EngineConfig, RuleOverride
from aura_agentic.engine.config_load import parse_config
from aura_agentic.engine.model import Example

PLAIN_FORMAT = 1
_TARGETS = {"regex": "pattern", "forbid-import": "modules", "forbid-call": "calls"}


def to_plain(text: str, source: Path | str) -> tuple[EngineConfig, dict[str, Any]]:
    """Validate rules.yaml `text` (raises `ConfigError`) and return it parsed and as plain data."""
    config = parse_config(text, source)
    return config, plain_of(config, text)


def plain_of(config: EngineConfig, text: str) -> dict[str, Any]:
    """The plain form of `config`, which was parsed from `text` (whatever catalog it used)."""
    import yaml

    raw = yaml.safe_load(text) or {}
    declared = {
        str(item.get("id")): item
        for item in (raw.get("team_rules") or [])
        if isinstance(item, dict) and item.get("id") is not None
    }
    team_rules = []
    for spec in config.team_rules:
        item = declared[spec.id]
        kind = str(item.get("kind", "regex"))
        target = item.get(_TARGETS[kind])
        team_rules.append(
            {
                "id": spec.id,
                "kind": kind,
                "target": str(target) if kind == "regex" else _strings(target),
                "message": spec.message,
                "fix": spec.fix,
                "severity": spec.severity,
                "category": spec.category,
                "lesson_id": spec.lesson_id,
                "include": list(spec.include),
                "exclude": list(spec.exclude),
                "languages": list(spec.languages),
                "positive": [[e.path, e.text] for e in spec.positive],
                "negative": [[e.path, e.text] for e in spec.negative],
            }
        )
    return {
        "format": PLAIN_FORMAT,
        "packs": dict(config.packs),
        "pack_options": {pack: dict(opts) for pack, opts in config.pack_options.items()},
        "rules": {rule_id: _override(o) for rule_id, o in config.rules.items()},
        "include": list(config.include),
        "exclude": list(config.exclude),
        "fail_on": config.fail_on,
        "repo_may_loosen": config.repo_may_loosen,
        "team_rules": team_rules,
        "baseline": str(config.baseline_path) if config.baseline_path is not None else None,
    }


def from_plain(plain: dict[str, Any], source: Path | str) -> EngineConfig:
    """Rebuild the configuration `to_plain` described; `ConfigError` when the data is damaged."""
    from aura_agentic.rules.team import make_team_rule

    try:
        if plain.get("format") != PLAIN_FORMAT:
            raise ValueError(f"unknown plain config format {plain.get('format')!r}")
        config = EngineConfig(
            packs={str(k): bool(v) for k, v in plain["packs"].items()},
            pack_options={str(k): dict(v) for k, v in (plain.get("pack_options") or {}).items()},
            rules={str(k): _restore_override(v) for k, v in plain["rules"].items()},
            include=tuple(plain["include"]),
            exclude=tuple(plain["exclude"]),
            fail_on=plain["fail_on"],
            repo_may_loosen=plain["repo_may_loosen"],
            source=Path(source),
        )
        if plain.get("baseline") is not None:
            config.baseline_path = Path(plain["baseline"])
        for r in plain["team_rules"]:
            config.team_rules.append(
                make_team_rule(
                    kind=r["kind"],
                    rule_id=r["id"],
                    target=r["target"] if r["kind"] == "regex" else tuple(r["target"]),
                    message=r["message"],
                    fix=r["fix"],
                    severity=r["severity"],
                    category=r["category"],
                    lesson_id=r["lesson_id"],
                    include=tuple(r["include"]),
                    exclude=tuple(r["exclude"]),
                    languages=tuple(r["languages"]),
                    positive=tuple(Example(p, c) for p, c in r["positive"]),
                    negative=tuple(Example(p, c) for p, c in r["negative"]),
                )
            )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(source, None, f"damaged configuration data: {exc}") from exc
    return config


def _strings(value: Any) -> list[str]:
    return [str(value)] if isinstance(value, str) else [str(v) for v in value]


def _override(o: RuleOverride) -> dict[str, Any]:
    return {
        "enabled": o.enabled,
        "severity": o.severity,
        "include": list(o.include),
        "exclude": list(o.exclude),
        "options": {k: list(v) if isinstance(v, tuple) else v for k, v in o.options.items()},
    }


def _restore_override(data: dict[str, Any]) -> RuleOverride:
    return RuleOverride(
        enabled=data["enabled"],
        severity=data["severity"],
        include=tuple(data["include"]),
        exclude=tuple(data["exclude"]),
        options={k: tuple(v) if isinstance(v, list) else v for k, v in data["options"].items()},
    )
