"""The team knowledge map cached in the user's Aura folder, per server and team.

Layout under `$AURA_HOME/knowledge/`:

    index.json                       which map each profile uses (written by `aura sync`)
    <server>/<team id>/map.json      the current map: server document + validated plain config
    <server>/<team id>/map.prev.json the previous good map, kept for when map.json is damaged
    <server>/<team id>/state.json    ETag, last check and last error of the refresh

Every file is written whole through an atomic rename, and `map.json` carries a checksum of its
content, so a reader sees either a complete old map or a complete new one. A map that is
damaged anyway (a disk error, a hand edit) is never fatal: the previous good map is used and
`problems` says why, which `aura doctor` prints. Reading the cache never imports YAML: the
rules were validated and turned into plain data when they arrived (docs/adr/0018).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aura_cli.config.files import atomic_write, aura_home

CACHE_FORMAT = 1
MAP_FILE, PREV_FILE, STATE_FILE = "map.json", "map.prev.json", "state.json"


class CacheProblem(Exception):
    """A cache file that cannot be used, with the reason in plain words."""


@dataclass
class CachedMap:
    """A validated team knowledge map as stored on disk."""

    api_url: str
    team_id: str
    version: int
    etag: str | None
    fetched_at: float
    rules_yaml: str
    plain: dict[str, Any]
    team_lessons: dict[str, str]
    engine_version: str
    path: Path | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "format": CACHE_FORMAT,
            "api_url": self.api_url,
            "team_id": self.team_id,
            "version": self.version,
            "etag": self.etag,
            "fetched_at": self.fetched_at,
            "rules_yaml": self.rules_yaml,
            "plain": self.plain,
            "team_lessons": self.team_lessons,
            "engine_version": self.engine_version,
        }


@dataclass
class Loaded:
    """What the hook gets: the map to apply (or None) and any problem met on the way."""

    cached: CachedMap | None
    problems: list[str] = field(default_factory=list)


def root_dir() -> Path:
    """`$AURA_HOME/knowledge`."""
    return aura_home() / "knowledge"


def server_key(api_url: str) -> str:
    """A folder name for a server: readable host and port plus a short hash of the whole URL."""
    host = re.sub(r"^https?://", "", api_url.rstrip("/")).split("/", 1)[0]
    safe = re.sub(r"[^A-Za-z0-9.-]+", "_", host)[:60] or "server"
    return f"{safe}-{hashlib.sha256(api_url.rstrip('/').encode()).hexdigest()[:8]}"


def map_dir(api_url: str, team_id: str) -> Path:
    """The folder holding one team's map from one server."""
    return root_dir() / server_key(api_url) / re.sub(r"[^A-Za-z0-9-]", "_", team_id)


def _checksum(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()


def read_map(path: Path) -> CachedMap:
    """Read and check one map file; CacheProblem says what is wrong with it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CacheProblem(f"{path.name} is missing") from None
    except OSError as exc:
        raise CacheProblem(f"{path.name} cannot be read: {exc.strerror}") from None
    try:
        doc = json.loads(raw)
    except ValueError:
        raise CacheProblem(f"{path.name} is not valid JSON (damaged or half-written)") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("payload"), dict):
        raise CacheProblem(f"{path.name} does not hold a knowledge map")
    payload = doc["payload"]
    if payload.get("format") != CACHE_FORMAT:
        raise CacheProblem(f"{path.name} has an unknown format {payload.get('format')!r}")
    if doc.get("checksum") != _checksum(payload):
        raise CacheProblem(f"{path.name} does not match its checksum (damaged)")
    try:
        return CachedMap(
            api_url=str(payload["api_url"]),
            team_id=str(payload["team_id"]),
            version=int(payload["version"]),
            etag=payload.get("etag"),
            fetched_at=float(payload["fetched_at"]),
            rules_yaml=str(payload["rules_yaml"]),
            plain=dict(payload["plain"]),
            team_lessons={str(k): str(v) for k, v in dict(payload["team_lessons"]).items()},
            engine_version=str(payload["engine_version"]),
            path=path,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CacheProblem(f"{path.name} lacks a field ({exc})") from None


def write_map(cached: CachedMap) -> Path:
    """Store `cached` as the team's current map; the current one (if good) becomes previous."""
    folder = map_dir(cached.api_url, cached.team_id)
    current = folder / MAP_FILE
    try:
        old = read_map(current)
    except CacheProblem:
        old = None
    if old is not None and old.version != cached.version:
        os.replace(current, folder / PREV_FILE)
    payload = cached.payload()
    body = {"checksum": _checksum(payload), "payload": payload}
    atomic_write(current, json.dumps(body, ensure_ascii=False).encode())
    cached.path = current
    return current


def load(api_url: str, team_id: str) -> Loaded:
    """The team's current map, else its previous good one, with the reasons for any fallback."""
    folder = map_dir(api_url, team_id)
    problems: list[str] = []
    for name in (MAP_FILE, PREV_FILE):
        try:
            cached = read_map(folder / name)
        except CacheProblem as exc:
            if name == MAP_FILE or (folder / name).exists():
                problems.append(str(exc))
            continue
        if name == PREV_FILE:
            problems.append(f"using the previous good map (version {cached.version})")
        return Loaded(cached, problems)
    return Loaded(None, problems)


# -- which map the hook applies ---------------------------------------------------------------


def _index_path() -> Path:
    return root_dir() / "index.json"


def read_index() -> dict[str, Any]:
    """The index (`{"active_profile": …, "profiles": {name: {api_url, team_id}}}`), or empty."""
    try:
        data = json.loads(_index_path().read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(profile: str, api_url: str, team_id: str | None, *, active: str) -> None:
    """Record which server and team `profile` syncs, and which profile is active."""
    index = read_index()
    found = index.get("profiles")
    profiles: dict[str, Any] = found if isinstance(found, dict) else {}
    if team_id is None:
        profiles.pop(profile, None)
    else:
        profiles[profile] = {"api_url": api_url, "team_id": team_id}
    index.update(profiles=profiles, active_profile=active, checked_at=time.time())
    atomic_write(_index_path(), json.dumps(index, indent=2).encode())


def set_active_profile(name: str) -> None:
    """Keep the index's active profile in step with `aura config set active_profile`."""
    index = read_index()
    if index and index.get("active_profile") != name:
        index["active_profile"] = name
        atomic_write(_index_path(), json.dumps(index, indent=2).encode())


def active_entry() -> dict[str, str] | None:
    """The server and team of the active profile (AURA_PROFILE wins), from the index."""
    index = read_index()
    profile = os.environ.get("AURA_PROFILE") or index.get("active_profile") or "default"
    entry = (index.get("profiles") or {}).get(profile)
    if not isinstance(entry, dict) or not entry.get("team_id") or not entry.get("api_url"):
        return None
    env_url = os.environ.get("AURA_API_URL")
    if env_url and env_url.rstrip("/") != str(entry["api_url"]).rstrip("/"):
        return None  # pointed at another server: its map is not synced yet
    return {"api_url": str(entry["api_url"]), "team_id": str(entry["team_id"])}


def load_active() -> Loaded:
    """The map the active profile applies (None when it never synced one)."""
    if os.environ.get("AURA_NO_TEAM_MAP"):
        return Loaded(None)
    entry = active_entry()
    if entry is None:
        return Loaded(None)
    return load(entry["api_url"], entry["team_id"])


# -- refresh bookkeeping ----------------------------------------------------------------------


def read_state(api_url: str, team_id: str) -> dict[str, Any]:
    """`{"checked_at": float, "etag": str, "last_error": str}` of the last refresh, or empty."""
    try:
        data = json.loads((map_dir(api_url, team_id) / STATE_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_state(api_url: str, team_id: str, **values: Any) -> None:
    """Merge `values` into the refresh state (best effort: a read-only home only costs a fetch)."""
    state = read_state(api_url, team_id)
    state.update(values, checked_at=time.time())
    try:
        path = map_dir(api_url, team_id) / STATE_FILE
        atomic_write(path, json.dumps(state).encode())
    except OSError:
        return


def lesson_dir(cached: CachedMap) -> Path | None:
    """A folder of the map's team lessons as Markdown files (written on first use)."""
    if not cached.team_lessons or cached.path is None:
        return None
    digest = hashlib.sha256(json.dumps(cached.team_lessons, sort_keys=True).encode()).hexdigest()[
        :12
    ]
    folder = cached.path.parent / f"lessons-{cached.version}-{digest}"
    if not folder.is_dir():
        tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
        tmp.mkdir(parents=True, exist_ok=True)
        for lesson_id, text in cached.team_lessons.items():
            name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(lesson_id).stem) + ".md"
            (tmp / name).write_text(text, encoding="utf-8")
        try:
            os.replace(tmp, folder)
        except OSError:  # another process won the race; its folder has the same content
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return folder
