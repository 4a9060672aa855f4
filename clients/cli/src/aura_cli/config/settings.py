"""User settings: `$AURA_HOME/config.yaml` (default ~/.aura; tests always set AURA_HOME).

The file holds profiles with their api_url and a few switches; `aura config set` validates every
value it stores. Credentials and profiles live in their own modules beside this one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aura_cli.config.files import atomic_write, aura_home
from aura_cli.config.profiles import active_profile, api_url, profile_settings
from aura_cli.errors import CliError

__all__ = ["aura_home", "config_path", "get_key", "load_config", "save_config", "set_key"]

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


def _parse_team(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 100 or any(c.isspace() for c in value):
        raise CliError(f"expected a team slug or id, got {value!r}")
    return value


# Keys stored per profile (under profiles.<active profile>), not at the top level.
PROFILE_KEYS = ("api_url", "team")
SETTABLE_KEYS: dict[str, Any] = {
    "api_url": _parse_url,
    "team": _parse_team,
    "active_profile": _parse_profile,
    "privacy.hash_paths": _parse_bool,
    "sync.auto": _parse_bool,
}


def config_path() -> Path:
    """Path of the user config file (`$AURA_HOME/config.yaml`)."""
    return aura_home() / "config.yaml"


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


def get_key(config: dict[str, Any], key: str) -> Any:
    """Read a dotted key; `api_url` resolves through the active profile and `AURA_API_URL`."""
    if key == "api_url":
        return api_url(config)
    if key == "active_profile":
        return active_profile(config)
    if key in PROFILE_KEYS:
        return profile_settings(config).get(key)
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
    if key in PROFILE_KEYS:
        profiles = config.setdefault("profiles", {})
        profiles.setdefault(active_profile(config), {})[key] = parsed
    elif key == "active_profile":
        config["active_profile"] = parsed
    else:
        section, name = key.split(".", 1)
        config.setdefault(section, {})[name] = parsed
    return parsed
