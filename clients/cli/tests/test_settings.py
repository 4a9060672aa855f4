"""Config and credentials: AURA_HOME, validation, 0600 atomic writes, env overrides."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from aura_cli.config import credentials, settings
from aura_cli.errors import CliError
from aura_cli.main import app
from typer.testing import CliRunner

runner = CliRunner()


def test_aura_home_relocates_everything(isolated_env: Path) -> None:
    assert settings.aura_home() == isolated_env
    assert settings.config_path().parent == isolated_env
    assert credentials.credentials_path().parent == isolated_env


def test_credentials_are_written_0600_atomically(isolated_env: Path) -> None:
    credentials.save_token("default", "aura_pat_x", "http://example.test")
    path = credentials.credentials_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["profiles"]["default"]["token"] == "aura_pat_x"
    assert [p.name for p in isolated_env.iterdir() if p.name.startswith(".")] == []


def test_env_api_key_overrides_stored_token(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials.save_token("default", "from-file", "http://example.test")
    assert credentials.resolve_token({}) == ("from-file", str(credentials.credentials_path()))
    monkeypatch.setenv("AURA_API_KEY", "from-env")
    assert credentials.resolve_token({}) == ("from-env", "AURA_API_KEY")


def test_tokens_are_per_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials.save_token("work", "w", "http://w.test")
    assert credentials.resolve_token({})[0] is None
    assert credentials.resolve_token({"active_profile": "work"})[0] == "w"
    monkeypatch.setenv("AURA_PROFILE", "work")
    assert credentials.resolve_token({})[0] == "w"


def test_config_set_and_show_roundtrip() -> None:
    result = runner.invoke(app, ["config", "set", "api_url", "https://aura.example.com/"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["config", "set", "privacy.hash_paths", "yes"])
    assert result.exit_code == 0
    shown = runner.invoke(app, ["config", "show", "--format", "json"])
    data = json.loads(shown.stdout)
    assert data["api_url"] == "https://aura.example.com"
    assert data["privacy.hash_paths"] is True
    assert data["logged_in"] is False
    assert stat.S_IMODE(settings.config_path().stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("key", "value", "needle"),
    [
        ("colour", "red", "unknown config key"),
        ("api_url", "ftp://x", "http(s) URL"),
        ("sync.auto", "maybe", "true or false"),
    ],
)
def test_config_set_rejects_bad_keys_and_values(key: str, value: str, needle: str) -> None:
    result = runner.invoke(app, ["config", "set", key, value])
    assert result.exit_code == 2
    assert needle in result.stderr


def test_malformed_config_is_a_usage_error(isolated_env: Path) -> None:
    isolated_env.mkdir(parents=True)
    settings.config_path().write_text("profiles: [unclosed\n")
    with pytest.raises(CliError):
        settings.load_config()
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 2
    assert "invalid YAML" in result.stderr
