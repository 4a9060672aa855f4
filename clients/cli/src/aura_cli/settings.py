"""User-level configuration (~/.aura/config.yaml) and credentials (~/.aura/credentials).

AURA_HOME relocates ~/.aura (tests always set it). The config holds profiles with their api_url and
a few switches; the credentials file holds one token per profile and is only ever written with mode
0600 through an atomic rename, so a crash never leaves a half-written or world-readable token.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from aura_cli.errors import CliError

DEFAULT_API_URL = "http://127.0.0.1:8000"
DEFAULT_PROFILE = "default"

# Keys `aura config set` accepts, with the parser that validates the value.
_BOOL_WORDS = {
    "true": True,
    "yes": True,
    "on": True,
    "1": True,
    "false": False,
    "no": False,
    "off": False,
    "0": False,
}


def _parse_bool(value: str) -> bool:
    try:
        return _BOOL_WORDS[value.strip().lower()]
    except KeyError:
        raise CliError(f"expected true or false, got {value!r}") from None


def _parse_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise CliError(f"expected an http(s) URL, got {value!r}")
    return value.rstrip("/")


def _parse_profile(value: str) -> str:
    if not value or not value.replace("-", "").replace("_", "").isalnum():
        raise CliError(f"profile names use letters, digits, - and _ only, got {value!r}")
    return value


SETTABLE_KEYS: dict[str, Any] = {
    "api_url": _parse_url,
    "active_profile": _parse_profile,
    "privacy.hash_paths": _parse_bool,
    "sync.auto": _parse_bool,
}


def aura_home() -> Path:
    """Return the folder holding the user's Aura config, credentials and event queue.

    `AURA_HOME` wins so tests and sandboxes never touch the real home; otherwise `~/.aura`.
    """
    env = os.environ.get("AURA_HOME")
    return Path(env).expanduser() if env else Path.home() / ".aura"


def config_path() -> Path:
    """Path of the user config file (`$AURA_HOME/config.yaml`)."""
    return aura_home() / "config.yaml"


def credentials_path() -> Path:
    """Path of the credentials file (`$AURA_HOME/credentials`, mode 0600)."""
    return aura_home() / "credentials"


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` via a temporary file and rename, creating parents as needed.

    The temporary file is created with `mode` from the start (never chmod-after-write), so a secret
    is never readable by others even for an instant, and readers see either the old or new file.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_config() -> dict[str, Any]:
    """Load the user config as a dict; a missing file is an empty config.

    Raises CliError (exit 2) when the YAML is malformed or not a mapping.
    """
    path = config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    import yaml  # only paid for when a config exists

    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        raise CliError(f"{path}: invalid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CliError(f"{path}: expected a mapping at the top level")
    return data


def save_config(config: dict[str, Any]) -> None:
    """Write the user config atomically (mode 0600: it may name private servers)."""
    import yaml

    atomic_write(config_path(), yaml.safe_dump(config, sort_keys=True).encode())


def active_profile(config: dict[str, Any]) -> str:
    """Name of the profile in use: `AURA_PROFILE`, then `active_profile`, then `default`."""
    return os.environ.get("AURA_PROFILE") or str(config.get("active_profile") or DEFAULT_PROFILE)


def profile_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The active profile's settings mapping (empty when the profile is not defined)."""
    profiles = config.get("profiles") or {}
    found = profiles.get(active_profile(config)) if isinstance(profiles, dict) else None
    return found if isinstance(found, dict) else {}


def get_key(config: dict[str, Any], key: str) -> Any:
    """Read a dotted key; `api_url` resolves through the active profile and `AURA_API_URL`."""
    if key == "api_url":
        return os.environ.get("AURA_API_URL") or profile_settings(config).get(
            "api_url", DEFAULT_API_URL
        )
    if key == "active_profile":
        return active_profile(config)
    node: Any = config
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def set_key(config: dict[str, Any], key: str, value: str) -> Any:
    """Validate and store `value` under `key` in `config` (in memory) and return the parsed value.

    Unknown keys and invalid values raise CliError (exit 2) listing what is accepted.
    """
    parser = SETTABLE_KEYS.get(key)
    if parser is None:
        raise CliError(f"unknown config key {key!r}; settable keys: {', '.join(SETTABLE_KEYS)}")
    parsed = parser(value)
    if key == "api_url":
        profiles = config.setdefault("profiles", {})
        profiles.setdefault(active_profile(config), {})["api_url"] = parsed
    elif key == "active_profile":
        config["active_profile"] = parsed
    else:
        section, name = key.split(".", 1)
        config.setdefault(section, {})[name] = parsed
    return parsed


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
