"""Reading `.aura/rules.yaml`: the one place where the parser meets the registry's catalog."""

from __future__ import annotations

from pathlib import Path

from aura_agentic.engine.config import (
    BASELINE_RELATIVE_PATH,
    CONFIG_RELATIVE_PATH,
    ConfigError,
    EngineConfig,
)
from aura_agentic.engine.registry import rule_catalog


def parse_config(text: str, source: Path | str = CONFIG_RELATIVE_PATH) -> EngineConfig:
    """Validate rules.yaml `text` against the installed packs; `source` names it in errors.

    Raises `ConfigError` (with file, line and problem). A relative `baseline:` stays
    relative: only `load_config` knows the repository it belongs to.
    """
    # YAML is imported with the parser, only when a config is actually read.
    from aura_agentic.engine.config_parse import parse_config_text

    config = parse_config_text(text, Path(source), rule_catalog())
    config.source = Path(source)
    return config


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
    config = EngineConfig()
    if path is not None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ConfigError(path, None, f"cannot read config: {exc.strerror or exc}") from exc
        config = parse_config(raw.decode("utf-8", "replace"), path)
    config.repo_root = root
    if config.baseline_path is not None and not config.baseline_path.is_absolute():
        base = root if root is not None else (path.parent.parent if path else Path.cwd())
        config.baseline_path = base / config.baseline_path
    if config.baseline_path is None and root is not None:
        config.baseline_path = root / BASELINE_RELATIVE_PATH
    return config
