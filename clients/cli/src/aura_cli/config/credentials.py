"""Credentials: one personal API token per profile in `$AURA_HOME/credentials` (0600, atomic)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from aura_cli.config.files import atomic_write, aura_home
from aura_cli.config.profiles import active_profile
from aura_cli.errors import CliError


def credentials_path() -> Path:
    """Path of the credentials file (`$AURA_HOME/credentials`, mode 0600)."""
    return aura_home() / "credentials"


def load_credentials() -> dict[str, Any]:
    """Load the credentials file (JSON, one entry per profile); missing means logged out."""
    try:
        data = json.loads(credentials_path().read_bytes())
    except FileNotFoundError:
        return {}
    except ValueError:
        raise CliError(f"{credentials_path()}: corrupt credentials; run `aura login`") from None
    return data if isinstance(data, dict) else {}


def save_token(profile: str, token: str, api_url: str) -> None:
    """Store `token` for `profile` in the credentials file (atomic, mode 0600)."""
    creds = load_credentials()
    creds.setdefault("profiles", {})[profile] = {"token": token, "api_url": api_url}
    atomic_write(credentials_path(), json.dumps(creds, indent=2).encode())


def delete_token(profile: str) -> bool:
    """Forget the token of `profile`; returns whether one was stored."""
    creds = load_credentials()
    profiles = creds.get("profiles") or {}
    if profile not in profiles:
        return False
    del profiles[profile]
    atomic_write(credentials_path(), json.dumps(creds, indent=2).encode())
    return True


def resolve_token(config: dict[str, Any]) -> tuple[str | None, str]:
    """Return (token, source) for the active profile; `AURA_API_KEY` overrides the file."""
    env = os.environ.get("AURA_API_KEY")
    if env:
        return env, "AURA_API_KEY"
    entry = (load_credentials().get("profiles") or {}).get(active_profile(config)) or {}
    token = entry.get("token") if isinstance(entry, dict) else None
    return (str(token), str(credentials_path())) if token else (None, "none")
