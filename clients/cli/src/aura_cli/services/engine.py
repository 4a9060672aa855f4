"""The one module that calls `aura_agentic` (contract: docs/contracts/engine-api.md).

Every import of the engine happens inside a function so `aura --help` never pays for it, and a
change in the engine's interface is fixed here and nowhere else. Engine configuration errors are
translated to CliError (exit 2) with the engine's `PATH:LINE: problem` message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from aura_cli.errors import CliError

if TYPE_CHECKING:
    from aura_agentic.engine import AuditReport, EngineConfig
    from aura_agentic.engine.layers import LayeredConfig, TeamLayer


def load_config(repo_root: Path | None, config_path: Path | None = None) -> EngineConfig:
    """Load the repository's `.aura/rules.yaml` (or `config_path`); ConfigError becomes CliError."""
    from aura_agentic.engine import ConfigError
    from aura_agentic.engine import load_config as _load

    try:
        return _load(repo_root=repo_root, config_path=config_path)
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def compile_team_map(rules_yaml: str, label: str) -> dict[str, Any]:
    """Validate a team map's rules YAML with this engine and return its plain (YAML-free) form."""
    from aura_agentic.engine import ConfigError
    from aura_agentic.engine.config_plain import to_plain

    try:
        return to_plain(rules_yaml, label)[1]
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def team_layer(plain: dict[str, Any], rules_yaml: str, version: int, label: str) -> TeamLayer:
    """The engine's view of a cached team map.

    The plain form is what the hook reads; if it is damaged or from another engine version the
    map's YAML is validated again. CliError when neither can be read.
    """
    from aura_agentic.engine import ConfigError
    from aura_agentic.engine.config_plain import from_plain, to_plain
    from aura_agentic.engine.layers import TeamLayer

    try:
        config = from_plain(plain, label)
    except ConfigError:
        try:
            config = to_plain(rules_yaml, label)[0]
        except ConfigError as exc:
            raise CliError(str(exc)) from None
    return TeamLayer(config, version, label)


def load_layered(
    repo_root: Path | None,
    config_path: Path | None,
    team: TeamLayer | None,
    parsed: EngineConfig | None = None,
) -> LayeredConfig:
    """The repository's rules laid over the team map; an invalid repository file is CliError."""
    from aura_agentic.engine import ConfigError
    from aura_agentic.engine.layers import load_layered as _load

    try:
        return _load(repo_root, config_path, team, parsed=parsed)
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def repository_file(repo_root: Path | None, config_path: Path | None) -> Path | None:
    """The rules file an audit of `repo_root` reads (None: built-in defaults)."""
    from aura_agentic.engine.layers import repository_file as _file

    return _file(repo_root, config_path)


def parse_repository(
    text: str, path: Path, team: TeamLayer | None
) -> tuple[EngineConfig, dict[str, Any]]:
    """Validate a repository rules file (it may name the team map's rules); parsed and plain."""
    from aura_agentic.engine import ConfigError
    from aura_agentic.engine.config_plain import plain_of
    from aura_agentic.engine.layers import parse_repository as _parse

    try:
        config = _parse(text, path, team)
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    return config, plain_of(config, text)


def config_from_plain(plain: dict[str, Any], source: Path) -> EngineConfig | None:
    """A configuration rebuilt from its plain form, or None when the data cannot be used."""
    from aura_agentic.engine import ConfigError
    from aura_agentic.engine.config_plain import from_plain

    try:
        return from_plain(plain, source)
    except ConfigError:
        return None


def audit(diff: bytes, config: EngineConfig, repo_root: Path | None) -> AuditReport:
    """Audit a unified diff given as raw bytes (the engine decodes and handles encodings)."""
    from aura_agentic.engine import audit_diff

    return audit_diff(diff, config, repo_root=repo_root)


def render(report: AuditReport, fmt: str, fail_on: str, color: bool = False) -> str:
    """Render a report with the engine's renderer (json, sarif, or its own text)."""
    from aura_agentic.engine import render as _render

    return _render(report, fmt, fail_on=fail_on, color=color)


def report_dict(report: AuditReport, fail_on: str) -> dict[str, Any]:
    """The findings JSON v1 document for a report."""
    return report.to_dict(fail_on=fail_on)


def status(report: AuditReport, fail_on: str) -> str:
    """`pass` or `fail` for a report at the given `--fail-on` threshold."""
    return str(report.status(fail_on))


def active_rules(config: EngineConfig) -> list[Any]:
    """Rules the configuration enables or lists (RuleInfo objects)."""
    from aura_agentic.engine import active_rules as _active

    return list(_active(config))


def self_tests(config: EngineConfig) -> list[Any]:
    """Run every rule's built-in examples; returns SelfTestResult objects."""
    from aura_agentic.engine import run_self_tests

    return list(run_self_tests(config))


def write_baseline(report: AuditReport, path: Path, reason: str = "") -> None:
    """Write a fingerprint baseline for the report's findings to `path` (existing entries keep
    their reasons; new ones get `reason`)."""
    from aura_agentic.engine.baseline import write_baseline as _write

    _write(report, path, reason=reason)


def find_lesson(
    key: str, extra_dirs: tuple[Path, ...] = (), config: EngineConfig | None = None
) -> Any:
    """The lesson with id `key`, else the lesson linked to rule `key`, else None.

    `extra_dirs` hold team lessons (they win over built-ins with the same id); `config` knows
    the team rules, whose links to lessons the built-in index cannot see.
    """
    from aura_agentic.lessons import get_lesson, lesson_for_rule

    for spec in config.team_rules if config is not None else ():
        if spec.id == key and spec.lesson_id:
            found = get_lesson(spec.lesson_id, extra_dirs)
            if found is not None:
                return found
    return get_lesson(key, extra_dirs) or lesson_for_rule(key, extra_dirs)


def lesson_for_rule(rule_id: str, extra_dirs: tuple[Path, ...] = ()) -> Any:
    """The lesson linked to a rule id, or None."""
    from aura_agentic.lessons import lesson_for_rule as _for_rule

    return _for_rule(rule_id, extra_dirs)


def redact(text: str) -> str:
    """Mask anything that looks like a secret in `text` before it leaves the audit."""
    from aura_agentic.redaction import redact as _redact

    return str(_redact(text))


def rules_exercised(diff: bytes, config: EngineConfig) -> list[str]:
    """Enabled rules that applied to at least one audited file of `diff`."""
    from aura_agentic.engine.exercised import audited_paths
    from aura_agentic.engine.exercised import rules_exercised as _exercised

    return _exercised(config, audited_paths(diff, config))
