"""The rules in force for a repository: built-in packs < team knowledge map < `.aura/rules.yaml`.

Every command that audits or lists rules asks here, so the hook, `aura audit`, `aura review`,
`aura rules list` and `aura learn` agree. A cached map that cannot be used never stops an
audit: the previous good map (or none) applies and the problem is kept for `aura doctor`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aura_cli.errors import CliError
from aura_cli.services import engine, knowledge_cache


@dataclass
class Effective:
    """The merged configuration and what it is made of."""

    config: Any  # the engine's EngineConfig (only services/engine.py imports the engine)
    team_version: int | None = None
    team_id: str | None = None
    origins: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # repository settings the team map refused
    problems: list[str] = field(default_factory=list)  # why the cached map could not be used
    cached: knowledge_cache.CachedMap | None = None

    def lesson_dirs(self) -> tuple[Path, ...]:
        """Folders of the team map's lessons (empty without a map)."""
        if self.cached is None:
            return ()
        try:
            folder = knowledge_cache.lesson_dir(self.cached)
        except OSError:
            return ()
        return (folder,) if folder is not None else ()


def effective(repo_root: Path | None, config_path: Path | None = None) -> Effective:
    """Load the repository's rules over the active team map (if any).

    An invalid repository file raises CliError (exit 2) as before; any problem with the team
    map is recorded in `problems` and the audit goes on without it.
    """
    loaded = knowledge_cache.load_active()
    problems = list(loaded.problems)
    cached = loaded.cached
    layer = None
    if cached is not None:
        label = f"team map v{cached.version}"
        try:
            layer = engine.team_layer(cached.plain, cached.rules_yaml, cached.version, label)
        except CliError as exc:
            problems.append(f"the cached team map cannot be read: {exc.message}")
            cached = None
    layered = engine.load_layered(repo_root, config_path, layer)
    return Effective(
        config=layered.config,
        team_version=layered.team_version,
        team_id=cached.team_id if cached is not None else None,
        origins=dict(layered.origins),
        notes=list(layered.notes),
        problems=problems,
        cached=cached,
    )
