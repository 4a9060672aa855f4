"""Profiles: named servers in config.yaml (`profiles.<name>.api_url`) and which one is active."""

from __future__ import annotations

import os
from typing import Any

DEFAULT_API_URL = "http://127.0.0.1:8000"
DEFAULT_PROFILE = "default"


def active_profile(config: dict[str, Any]) -> str:
    """Name of the profile in use: `AURA_PROFILE`, then `active_profile`, then `default`."""
    return os.environ.get("AURA_PROFILE") or str(config.get("active_profile") or DEFAULT_PROFILE)


def profile_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The active profile's settings mapping (empty when the profile is not defined)."""
    profiles = config.get("profiles") or {}
    found = profiles.get(active_profile(config)) if isinstance(profiles, dict) else None
    return found if isinstance(found, dict) else {}


def api_url(config: dict[str, Any]) -> str:
    """The server of the active profile: `AURA_API_URL`, the profile's `api_url`, the default."""
    return str(
        os.environ.get("AURA_API_URL") or profile_settings(config).get("api_url", DEFAULT_API_URL)
    )
