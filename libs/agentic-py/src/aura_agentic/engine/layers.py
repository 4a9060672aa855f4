"""Layered configuration: built-in packs < the team's knowledge map < the repository's rules.yaml.

The team map (synced from the server) and the repository's `.aura/rules.yaml` are both plain
`EngineConfig`s. The repository comes last and wins, with one limit: unless the team map says
`repositories: {may_loosen: true}`, a repository may tighten the rules the team map governs but
not loosen them. A rule is governed when the map overrides it or declares it, and every rule of
a pack the map switches on explicitly. Loosening means switching a governed rule off, lowering
its severity, or narrowing where it applies (rule or global `include`/`exclude`, switching its
pack off); such settings are dropped for governed rules and reported in `notes`, never raised,
because a disagreement between two files must not break a commit. See docs/adr/0018.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from aura_agentic.engine.config import (
    BASELINE_RELATIVE_PATH,
    CONFIG_RELATIVE_PATH,
    ConfigError,
    EngineConfig,
    RuleCatalog,
    RuleOverride,
)
from aura_agentic.engine.model import SEVERITY_RANK, RuleSpec
from aura_agentic.engine.registry import ActiveRule, resolve_rules, rule_catalog

_RANK = {"info": 0, "warning": 1, "error": 2}
_FAIL_RANK = {"never": 0, "error": 1, "warning": 2}  # higher blocks more


@dataclass(frozen=True, slots=True)
class TeamLayer:
    """A team knowledge map as the engine applies it."""

    config: EngineConfig
    version: int
    label: str = "team map"


@dataclass(slots=True)
class LayeredConfig:
    """The merged configuration, where each touched rule came from, and what was refused."""

    config: EngineConfig
    team_version: int | None = None
    origins: dict[str, str] = field(
        default_factory=dict
    )  # id -> team | repository | team+repository
    notes: list[str] = field(default_factory=list)


def repository_file(repo_root: Path | None, config_path: Path | None) -> Path | None:
    """The rules file an audit reads: `config_path`, else the repository's, else none."""
    if config_path is not None:
        return Path(config_path)
    if repo_root is not None and (Path(repo_root) / CONFIG_RELATIVE_PATH).is_file():
        return Path(repo_root) / CONFIG_RELATIVE_PATH
    return None


def load_layered(
    repo_root: Path | None,
    config_path: Path | None,
    team: TeamLayer | None,
    *,
    parsed: EngineConfig | None = None,
) -> LayeredConfig:
    """Read the repository's rules file (like `load_config`) and lay it over `team`.

    The repository file may name the team map's rules in its `rules:` section. `parsed` is
    that file already parsed (a caller's cache of it). Raises `ConfigError` for an invalid
    repository file only; the team map was validated on sync.
    """
    root = Path(repo_root) if repo_root is not None else None
    path = repository_file(root, config_path)
    repo = EngineConfig()
    if parsed is not None:
        repo = parsed
    elif path is not None:
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError as exc:
            raise ConfigError(path, None, f"cannot read config: {exc.strerror or exc}") from exc
        repo = parse_repository(text, path, team)
    repo.repo_root = root
    if repo.baseline_path is not None and not repo.baseline_path.is_absolute():
        base = root if root is not None else (path.parent.parent if path else Path.cwd())
        repo.baseline_path = base / repo.baseline_path
    if repo.baseline_path is None and root is not None:
        repo.baseline_path = root / BASELINE_RELATIVE_PATH
    if team is None:
        return LayeredConfig(repo, origins=dict.fromkeys(_touched(repo), "repository"))
    return merge_layers(team, repo)


def parse_repository(text: str, path: Path, team: TeamLayer | None) -> EngineConfig:
    """Validate a repository's rules.yaml `text`, which may name the team map's rules."""
    from aura_agentic.engine.config_parse import parse_config_text

    catalog = rule_catalog()
    if team is not None and team.config.team_rules:
        # The repository may override the map's rules; one it declares itself replaces them.
        own = _declared_ids(text)
        extra = {s.id: s for s in team.config.team_rules if s.id not in own}
        catalog = RuleCatalog(
            packs=catalog.packs,
            rules={**catalog.rules, **extra},
            pack_options=catalog.pack_options,
        )
    config = parse_config_text(text, path, catalog)
    config.source = path
    return config


def _declared_ids(text: str) -> set[str]:
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError:
        return set()  # the parser reports it with its line
    items = data.get("team_rules") if isinstance(data, dict) else None
    return {str(i["id"]) for i in items or [] if isinstance(i, dict) and "id" in i}


def _pack_options(tc: EngineConfig, repo: EngineConfig, may_loosen: bool) -> dict[str, Any]:
    """Pack options of both layers; a repository may not lower a team's `*_severity` option
    (a secret in a fixture path) unless the map lets it loosen."""
    merged = {pack: dict(opts) for pack, opts in tc.pack_options.items()}
    for pack, opts in repo.pack_options.items():
        mine = merged.setdefault(pack, {})
        for name, value in opts.items():
            team_value = mine.get(name)
            lower = (
                name.endswith("_severity")
                and team_value is not None
                and SEVERITY_RANK.get(str(value), 0) < SEVERITY_RANK.get(str(team_value), 0)
            )
            if may_loosen or not lower:
                mine[name] = value
    return merged


def merge_layers(team: TeamLayer, repo: EngineConfig) -> LayeredConfig:
    """Lay `repo` over `team` (see the module docstring for what a repository may change)."""
    tc = team.config
    may_loosen = bool(tc.repo_may_loosen)
    merged = EngineConfig(
        packs={**tc.packs, **repo.packs},
        pack_options=_pack_options(tc, repo, may_loosen),
        rules={rid: replace(o, options=dict(o.options)) for rid, o in tc.rules.items()},
        include=repo.include or tc.include,
        exclude=tc.exclude + repo.exclude,
        team_rules=_team_rules(tc.team_rules, repo.team_rules, may_loosen),
        baseline_path=repo.baseline_path,
        source=repo.source,
        repo_root=repo.repo_root,
        fail_on=_fail_on(tc.fail_on, repo.fail_on, may_loosen),
    )
    for rid, o in repo.rules.items():
        merged.rules[rid] = _combine(merged.rules.get(rid), o)
    out = LayeredConfig(merged, team_version=team.version)
    team_touched, repo_touched = _touched(tc), _touched(repo)
    for rid in team_touched | repo_touched:
        both = rid in team_touched and rid in repo_touched
        out.origins[rid] = (
            "team+repository" if both else "team" if rid in team_touched else ("repository")
        )
    if repo.repo_may_loosen is not None:
        out.notes.append("repositories.may_loosen only applies in a team knowledge map; ignored")
    if not may_loosen:
        _clamp(team, repo, merged, out)
    return out


def _touched(config: EngineConfig) -> set[str]:
    return set(config.rules) | {s.id for s in config.team_rules}


def _team_rules(team: list[RuleSpec], repo: list[RuleSpec], may_loosen: bool) -> list[RuleSpec]:
    mine = {s.id: s for s in repo}
    out = [mine.pop(s.id) if may_loosen and s.id in mine else s for s in team]
    taken = {s.id for s in out}
    return out + [s for s in repo if s.id not in taken]


def _fail_on(team: str | None, repo: str | None, may_loosen: bool) -> str | None:
    if repo is None or team is None or may_loosen:
        return repo or team
    return repo if _FAIL_RANK[repo] >= _FAIL_RANK[team] else team


def _combine(base: RuleOverride | None, top: RuleOverride) -> RuleOverride:
    if base is None:
        return replace(top, options=dict(top.options))
    return RuleOverride(
        enabled=top.enabled if top.enabled is not None else base.enabled,
        severity=top.severity or base.severity,
        include=top.include or base.include,
        exclude=base.exclude + top.exclude,
        options={**base.options, **top.options},
    )


def _clamp(team: TeamLayer, repo: EngineConfig, merged: EngineConfig, out: LayeredConfig) -> None:
    """Put every governed rule back to at least the team map's strength, noting each refusal."""
    tc = team.config
    # What the team map alone would enforce, under the repository's own team rules too.
    alone = EngineConfig(
        packs=tc.packs, rules=tc.rules, include=tc.include, exclude=tc.exclude,
        team_rules=merged.team_rules,
    )  # fmt: skip
    before = {r.spec.id: r for r in resolve_rules(alone)}
    locked_packs = {p for p, on in tc.packs.items() if on}
    governed = {
        rid for rid, r in before.items() if rid in _touched(tc) or r.spec.pack in locked_packs
    }
    if repo.include and repo.include != tc.include:
        merged.include = tc.include
        out.notes.append(
            f"paths.include is ignored: it would narrow rules the {team.label} enforces"
        )
    if repo.exclude:
        # Global excludes keep applying to the rules the repository is free to tune.
        merged.exclude = tc.exclude
        for rid in before:
            if rid not in governed:
                o = merged.rules.setdefault(rid, RuleOverride())
                o.exclude = o.exclude + repo.exclude
    for r in resolve_rules(merged):
        rid = r.spec.id
        if rid not in governed or not before[rid].enabled:
            continue
        reasons = _loosened(before[rid], r)
        if not reasons:
            continue
        o = merged.rules.setdefault(rid, RuleOverride())
        t = before[rid]
        mapped = tc.rules.get(rid, RuleOverride())
        o.enabled = True
        o.severity = r.severity if _RANK[r.severity] >= _RANK[t.severity] else t.severity
        # Back to the map's own settings (resolve_rules adds them to the rule's defaults).
        # Options change what a rule looks for; a governed rule keeps the map's.
        o.include, o.exclude, o.options = mapped.include, mapped.exclude, dict(mapped.options)
        out.notes.append(
            f"{rid}: the repository's setting is ignored ({', '.join(reasons)}): the "
            f"{team.label} enforces this rule and does not let repositories loosen it"
        )


def _loosened(team: ActiveRule, now: ActiveRule) -> list[str]:
    reasons = []
    if not now.enabled:
        reasons.append("switched off")
    if _RANK[now.severity] < _RANK[team.severity]:
        reasons.append(f"severity {now.severity} below {team.severity}")
    if now.include != team.include or now.exclude != team.exclude:
        reasons.append("narrower paths")
    if dict(now.options) != dict(team.options):
        reasons.append("different options")
    return reasons
