"""The `aura-api` command: migrate and create-admin on a real database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from aura_api.cli import app
from aura_api.config import get_settings
from typer.testing import CliRunner

runner = CliRunner()


@pytest.fixture
def embedded_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AURA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AURA_DATABASE_URL", raising=False)
    monkeypatch.setenv("AURA_ARGON2_MEMORY_KIB", "1024")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_migrate_builds_the_schema(embedded_env: Path) -> None:
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    assert {
        "users",
        "teams",
        "team_members",
        "api_tokens",
        "refresh_tokens",
        "alembic_version",
    } <= _tables(embedded_env / "aura.db")
    again = runner.invoke(app, ["migrate"])
    assert again.exit_code == 0


def test_create_admin_creates_then_promotes(embedded_env: Path) -> None:
    created = runner.invoke(
        app, ["create-admin", "--email", "Ops@Example.com", "--password", "long-password-1"]
    )
    assert created.exit_code == 0, created.output
    assert "created" in created.output
    promoted = runner.invoke(
        app, ["create-admin", "--email", "ops@example.com", "--password", "long-password-1"]
    )
    assert "promoted" in promoted.output
    with sqlite3.connect(embedded_env / "aura.db") as conn:
        rows = conn.execute("SELECT email, is_superuser FROM users").fetchall()
    assert rows == [("ops@example.com", 1)]


def test_create_admin_rejects_bad_input(embedded_env: Path) -> None:
    result = runner.invoke(app, ["create-admin", "--email", "nope", "--password", "x"])
    assert result.exit_code == 2
    assert "error" in result.output


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "migrate", "create-admin", "rebuild-aggregates"):
        assert command in result.output


def test_rebuild_aggregates_runs_on_the_embedded_database(embedded_env: Path) -> None:
    result = runner.invoke(app, ["rebuild-aggregates"])
    assert result.exit_code == 0, result.output
    assert "aggregates rebuilt from 0 events" in result.output
    assert "rule_mastery" in _tables(embedded_env / "aura.db")


def test_serve_on_a_busy_port_says_so_in_one_line(embedded_env: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [
        f"aura-api: port {port} on 127.0.0.1 is already in use; choose another with --port "
        "(make run: PORT=8001 make run)"
    ]


def test_help_has_the_same_plain_style_as_aura() -> None:
    for args in ([], ["serve"], ["migrate"], ["create-admin"], ["rebuild-aggregates"], ["worker"]):
        result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "100"})
        assert result.exit_code == 0, args
        assert "<bool>" not in result.output and "╭" not in result.output, args
        assert "{" not in result.output.split("\n", 1)[0], args
        listing = result.output.split("Commands:", 1)[-1] if not args else ""
        assert "..." not in listing
