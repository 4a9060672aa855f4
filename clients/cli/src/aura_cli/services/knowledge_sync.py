"""Fetching the team knowledge map: `GET /api/v1/knowledge-map` with `If-None-Match`.

`aura sync` refreshes in the foreground; after a hook run the detached worker refreshes when
the last check is older than REFRESH_INTERVAL_S, so commits never wait for the network. A map
is validated with this installation's engine before it replaces the cached one: a map this
version cannot read keeps the last good one in force and the reason in the refresh state.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from aura_cli.config import profiles
from aura_cli.errors import CliError
from aura_cli.services import http, knowledge_cache

REFRESH_INTERVAL_S = 5 * 60
_UUID_LEN = 36


@dataclass
class Refresh:
    """What one refresh did, in words `aura sync` prints."""

    state: str  # pulled | unchanged | no-team | failed
    message: str
    version: int | None = None


class TeamsUnavailable(Exception):
    """The server did not answer the team list (down, refused the token, …)."""


def _teams(api_url: str, token: str, timeout: float) -> list[dict[str, Any]]:
    try:
        resp = http.request(
            "GET", http.join(api_url, "/api/v1/teams?limit=100"), token=token, timeout=timeout
        )
    except http.Unreachable as exc:
        raise TeamsUnavailable(f"unreachable ({exc})") from None
    if resp.status != 200 or not isinstance(resp.body, dict):
        raise TeamsUnavailable(f"cannot list your teams: {resp.error_message()}")
    return [t for t in resp.body.get("items") or [] if isinstance(t, dict)]


def choose_team(config: dict[str, Any], api_url: str, token: str, timeout: float) -> str | None:
    """The team id to sync: the profile's `team` (id or slug), else your only team, else None.

    Raises CliError naming the choices when you belong to several teams and chose none, and
    TeamsUnavailable when the server cannot say which teams you are in.
    """
    wanted = str(profiles.profile_settings(config).get("team") or "") or None
    if wanted is not None and len(wanted) == _UUID_LEN and wanted.count("-") == 4:
        return wanted
    teams = _teams(api_url, token, timeout)
    if wanted is not None:
        for team in teams:
            if wanted in (team.get("slug"), team.get("name")):
                return str(team["id"])
        raise CliError(f"you are not a member of a team named {wanted!r}", exit_code=1)
    if len(teams) == 1:
        return str(teams[0]["id"])
    if not teams:
        return None
    names = ", ".join(str(t.get("slug")) for t in teams)
    raise CliError(
        f"you belong to several teams ({names}); choose one: aura config set team SLUG",
        exit_code=1,
    )


def refresh(
    config: dict[str, Any], token: str, *, timeout: float = http.DEFAULT_TIMEOUT_S
) -> Refresh:
    """Fetch the active profile's team map unless unchanged, validate it and store it.

    Network and server problems are returned (state `failed`), never raised; choosing a team
    raises CliError when the choice is ambiguous.
    """
    from aura_cli import __version__
    from aura_cli.services import engine

    api_url = profiles.api_url(config)
    profile = profiles.active_profile(config)
    team_id = _remembered_team(config, profile, api_url)
    if team_id is None:
        try:
            team_id = choose_team(config, api_url, token, timeout)
        except TeamsUnavailable as exc:
            return Refresh("failed", str(exc))
    knowledge_cache.remember(profile, api_url, team_id, active=profile)
    if team_id is None:
        return Refresh("no-team", "you are not in a team yet; built-in rules only")
    current = knowledge_cache.load(api_url, team_id).cached
    headers = {"If-None-Match": current.etag} if current and current.etag else {}
    url = http.join(api_url, f"/api/v1/knowledge-map?team_id={team_id}")
    try:
        resp = http.request("GET", url, token=token, timeout=timeout, headers=headers)
    except http.Unreachable as exc:
        return _failed(api_url, team_id, f"unreachable ({exc})", current)
    if resp.status in (403, 404) and _remembered_team(config, profile, api_url):
        # No longer a member of the remembered team: choose again next time.
        knowledge_cache.remember(profile, api_url, None, active=profile)
    if resp.status == 304 and current is not None:
        knowledge_cache.write_state(api_url, team_id, last_error="")
        return Refresh("unchanged", f"version {current.version} (unchanged)", current.version)
    if resp.status != 200 or not isinstance(resp.body, dict):
        return _failed(api_url, team_id, resp.error_message(), current)
    doc = resp.body
    try:
        version = int(doc["version"])
        rules_yaml = str(doc.get("rules_yaml") or "")
        lessons = {str(k): str(v) for k, v in dict(doc.get("team_lessons") or {}).items()}
        plain = engine.compile_team_map(rules_yaml, f"team map v{version}")
    except (KeyError, TypeError, ValueError) as exc:
        return _failed(api_url, team_id, f"the server sent a malformed map ({exc})", current)
    except CliError as exc:
        return _failed(api_url, team_id, f"map version {doc.get('version')}: {exc}", current)
    cached = knowledge_cache.CachedMap(
        api_url=api_url,
        team_id=team_id,
        version=version,
        etag=resp.headers.get("etag"),
        fetched_at=time.time(),
        rules_yaml=rules_yaml,
        plain=plain,
        team_lessons=lessons,
        engine_version=__version__,
    )
    knowledge_cache.write_map(cached)
    knowledge_cache.write_state(api_url, team_id, last_error="", etag=cached.etag)
    return Refresh("pulled", f"version {version}", version)


def _remembered_team(config: dict[str, Any], profile: str, api_url: str) -> str | None:
    """The team this profile synced last time, unless the settings now name another."""
    entry = (knowledge_cache.read_index().get("profiles") or {}).get(profile)
    if not isinstance(entry, dict) or entry.get("api_url") != api_url:
        return None
    wanted = profiles.profile_settings(config).get("team")
    team_id = entry.get("team_id")
    if wanted and wanted != team_id:
        return None
    return str(team_id) if team_id else None


def _failed(api_url: str, team_id: str, reason: str, current: Any) -> Refresh:
    knowledge_cache.write_state(api_url, team_id, last_error=reason)
    kept = f"; keeping version {current.version}" if current is not None else ""
    return Refresh("failed", reason + kept, current.version if current is not None else None)


def refresh_if_stale(config: dict[str, Any], token: str) -> None:
    """The background refresh: at most every REFRESH_INTERVAL_S, silent, never raises."""
    entry = knowledge_cache.active_entry()
    checked = knowledge_cache.read_index().get("checked_at")
    if entry is not None:
        checked = knowledge_cache.read_state(entry["api_url"], entry["team_id"]).get("checked_at")
    if isinstance(checked, int | float) and time.time() - checked < REFRESH_INTERVAL_S:
        return
    try:
        refresh(config, token)
    except Exception:
        return
