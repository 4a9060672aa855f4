"""The rules in force for a repository: built-in packs < team knowledge map < `.aura/rules.yaml`.

Every command that audits or lists rules asks here, so the hook, `aura audit`, `aura review`,
`aura rules list` and `aura learn` agree. A cached map that cannot be used never stops an
audit: the previous good map (or none) applies and the problem is kept for `aura doctor`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aura_cli.config.files import atomic_write
from aura_cli.errors import CliError
from aura_cli.services import engine, git, knowledge_cache


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
    parsed = _repository_config(repo_root, config_path, layer, cached)
    layered = engine.load_layered(repo_root, config_path, layer, parsed)
    return Effective(
        config=layered.config,
        team_version=layered.team_version,
        team_id=cached.team_id if cached is not None else None,
        origins=dict(layered.origins),
        notes=list(layered.notes),
        problems=problems,
        cached=cached,
    )


RULES_CACHE = "rules-cache.json"


def _repository_config(root: Path | None, config_path: Path | None, layer: Any, cached: Any) -> Any:
    """The repository's rules file parsed, from a cache keyed by its bytes and the team map.

    Parsing YAML costs a good part of the hook's budget, so the validated plain form is kept in
    `<git common dir>/aura/rules-cache.json`; any change to the file or the map misses it. A
    missing or damaged cache only costs the parse.
    """
    path = engine.repository_file(root, config_path)
    if root is None or path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None  # the loader reports it with the path
    team = f"{cached.team_id}:{cached.version}:{cached.etag}" if cached is not None else "-"
    key = hashlib.sha256(raw + b"\0" + team.encode() + b"\0" + str(path).encode()).hexdigest()
    store = git.common_dir(root) / "aura" / RULES_CACHE
    try:
        doc = json.loads(store.read_bytes())
        if isinstance(doc, dict) and doc.get("key") == key and isinstance(doc.get("plain"), dict):
            config = engine.config_from_plain(doc["plain"], path)
            if config is not None:
                return config
    except (OSError, ValueError):
        pass
    config, plain = engine.parse_repository(raw.decode("utf-8", "replace"), path, layer)
    # A read-only repository only costs the parse next time.
    with contextlib.suppress(OSError):
        atomic_write(store, json.dumps({"key": key, "plain": plain}).encode(), mode=0o644)
    return config
