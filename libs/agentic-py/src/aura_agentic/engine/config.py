"""Engine configuration as plain data: what `.aura/rules.yaml` says, once validated.

This module imports nothing of the engine but its model. The layers above it are one-way:
`config_parse` turns YAML text into an `EngineConfig`, checked against a `RuleCatalog` it is
handed; `registry` consumes an `EngineConfig` and hands out the catalog; `config_load` is
the only place that joins the two (reading files, resolving the baseline path). The YAML
schema is documented in docs/guides/rules-yaml.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aura_agentic.engine.model import RuleSpec, Severity

CONFIG_RELATIVE_PATH = Path(".aura") / "rules.yaml"
BASELINE_RELATIVE_PATH = Path(".aura") / "baseline.json"


class ConfigError(Exception):
    """Invalid configuration; `str(e)` is `PATH:LINE: problem` (or `PATH: problem`)."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        super().__init__(f"{where}: {problem}")


@dataclass(slots=True)
class RuleOverride:
    """Per-rule settings from the `rules:` section."""

    enabled: bool | None = None
    severity: Severity | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class EngineConfig:
    """Resolved configuration for one audit; the default instance means "built-ins only"."""

    packs: dict[str, bool] = field(default_factory=dict)
    # pack-wide rule options (`packs.secrets.fixture_severity`), below per-rule overrides
    pack_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    rules: dict[str, RuleOverride] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    team_rules: list[RuleSpec] = field(default_factory=list)
    baseline_path: Path | None = None
    source: Path | None = None
    repo_root: Path | None = None
    fail_on: str | None = None
    # A team knowledge map's `repositories.may_loosen` (engine/layers.py); None when unset.
    repo_may_loosen: bool | None = None


@dataclass(frozen=True, slots=True)
class RuleCatalog:
    """What a configuration may name: the known packs and the rules (with their options).

    The registry builds it from the installed packs; the parser validates against it, so
    neither has to import the other.
    """

    packs: frozenset[str]
    rules: Mapping[str, RuleSpec]
    # options a pack takes as a whole, with their defaults (their types validate values)
    pack_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def has_secrets(self) -> bool:
        return any(rule_id.startswith("secrets/") for rule_id in self.rules)
