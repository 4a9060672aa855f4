"""Engine configuration: `.aura/rules.yaml` loaded into an `EngineConfig`.

The YAML schema is documented in docs/guides/rules-yaml.md. Validation walks YAML nodes
(not plain dicts) so every `ConfigError` can name the exact line of the problem.
"""

from __future__ import annotations

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
    rules: dict[str, RuleOverride] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    team_rules: list[RuleSpec] = field(default_factory=list)
    baseline_path: Path | None = None
    source: Path | None = None
    repo_root: Path | None = None
    fail_on: str | None = None


def load_config(repo_root: Path | None = None, config_path: Path | None = None) -> EngineConfig:
    """Load `.aura/rules.yaml` from `config_path` or `repo_root`, or return the defaults.

    An explicit `config_path` must exist; a repository without a rules file simply gets the
    built-in defaults. The baseline defaults to `.aura/baseline.json` under `repo_root`.
    Raises `ConfigError` (with file, line and problem) on any invalid content.
    """
    root = Path(repo_root) if repo_root is not None else None
    path: Path | None = Path(config_path) if config_path is not None else None
    if path is None and root is not None and (root / CONFIG_RELATIVE_PATH).is_file():
        path = root / CONFIG_RELATIVE_PATH
    config = EngineConfig(repo_root=root)
    if path is not None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ConfigError(path, None, f"cannot read config: {exc.strerror or exc}") from exc
        from aura_agentic.engine.config_parse import parse_config_text

        parse_config_text(raw.decode("utf-8", "replace"), path, config)
        config.source = path
    if config.baseline_path is not None and not config.baseline_path.is_absolute():
        base = root if root is not None else (path.parent.parent if path else Path.cwd())
        config.baseline_path = base / config.baseline_path
    if config.baseline_path is None and root is not None:
        config.baseline_path = root / BASELINE_RELATIVE_PATH
    return config
