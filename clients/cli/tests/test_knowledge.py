"""The team knowledge map: sync, cache, precedence, fallback to the last good version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aura_cli.config import credentials
from aura_cli.main import app
from aura_cli.services import knowledge_cache
from typer.testing import CliRunner

runner = CliRunner()

TEAM_RULES = """\
version: 1
rules:
  python/long-function: error
team_rules:
  - id: acme/no-print-secrets
    pattern: 'print\\(.*password'
    message: Never print a password
    severity: error
    lesson: acme-passwords
"""
LESSON = """\
---
id: acme-passwords
title: Passwords stay out of logs
rules: [acme/no-print-secrets]
languages: [python]
level: beginner
tags: [security]
---

# Passwords stay out of logs

Printing a password puts it in every terminal scrollback and log collector.
"""


def _map(version: int, rules_yaml: str = TEAM_RULES, **extra: Any) -> dict[str, Any]:
    return {
        "team_id": "7d0c6a52-53f4-4a4e-9d43-5b2b8f0e2c11",
        "version": version,
        "rules_yaml": rules_yaml,
        "rules": [],
        "builtin_rule_ids": [],
        "lessons": [],
        "team_lessons": {"acme-passwords": LESSON},
        **extra,
    }


@pytest.fixture
def synced(api: Any, h: Any) -> Any:
    """Logged in to the stub, a member of one team whose map is version 1."""
    api.teams = [{"id": h.team_id, "slug": "acme", "name": "Acme"}]
    api.knowledge = _map(1)
    credentials.save_token("default", h.token, api.url)
    assert runner.invoke(app, ["config", "set", "api_url", api.url]).exit_code == 0
    result = runner.invoke(app, ["sync", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["knowledge_map"] == {
        "state": "pulled",
        "version": 1,
        "message": "version 1",
    }
    return api


def _stage_print(repo: Path, h: Any) -> None:
    h.write(repo, "app/login.py", 'def login(password):\n    print("password", password)\n')
    h.git(repo, "add", ".")


def test_sync_stores_the_map_and_audits_enforce_team_rules(synced: Any, repo: Path, h: Any) -> None:
    _stage_print(repo, h)
    result = runner.invoke(app, ["audit", "--format", "json"])
    assert result.exit_code == 1
    ids = {f["rule_id"] for f in json.loads(result.stdout)["findings"]}
    assert "acme/no-print-secrets" in ids


def test_second_sync_sends_the_etag_and_keeps_the_map(synced: Any) -> None:
    result = runner.invoke(app, ["sync"])
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.stdout
    assert synced.map_gets[0] is None and synced.map_gets[1] is not None


def test_rules_list_marks_team_rules_with_the_map_version(synced: Any, repo: Path) -> None:
    rules = json.loads(runner.invoke(app, ["rules", "list", "--format", "json"]).stdout)
    by_id = {r["id"]: r for r in rules}
    assert by_id["acme/no-print-secrets"]["source"] == "team v1"
    assert by_id["python/long-function"]["source"] == "team v1"
    assert by_id["python/long-function"]["severity"] == "error"
    assert by_id["python/debug-print"]["source"] == "built-in"
    text = runner.invoke(app, ["rules", "list"]).stdout
    assert "team map v1" in text


def test_learn_shows_team_lessons_by_rule_and_by_id(synced: Any, repo: Path) -> None:
    for key in ("acme/no-print-secrets", "acme-passwords"):
        result = runner.invoke(app, ["learn", key])
        assert result.exit_code == 0, result.output
        assert result.stdout.count("Passwords stay out of logs") == 1
        assert "scrollback" in result.stdout


def test_server_gone_the_cached_map_still_applies(synced: Any, repo: Path, h: Any) -> None:
    synced.mode = "503"
    _stage_print(repo, h)
    result = runner.invoke(app, ["audit", "--format", "json"])
    assert "acme/no-print-secrets" in result.stdout
    down = runner.invoke(app, ["sync"])
    assert down.exit_code == 1
    assert "keeping version 1" in down.stdout


def test_damaged_map_falls_back_to_the_last_good_version(synced: Any, repo: Path, h: Any) -> None:
    synced.knowledge = _map(2, TEAM_RULES.replace("Never print a password", "No passwords out"))
    assert runner.invoke(app, ["sync"]).exit_code == 0
    current = knowledge_cache.map_dir(synced.url, h.team_id) / "map.json"
    current.write_bytes(current.read_bytes()[: len(current.read_bytes()) // 2])  # half-written
    _stage_print(repo, h)
    result = runner.invoke(app, ["audit", "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    assert [f["message"] for f in findings if f["rule_id"] == "acme/no-print-secrets"] == [
        "Never print a password"
    ]
    assert "previous good map (version 1)" in result.stderr
    doctor = json.loads(runner.invoke(app, ["doctor", "--format", "json"]).stdout)
    check = {c["check"]: c for c in doctor}["knowledge map"]
    assert check["status"] == "warn"
    assert "not valid JSON" in check["detail"] and "version 1" in check["detail"]


def test_both_cache_files_damaged_audits_still_run(synced: Any, repo: Path, h: Any) -> None:
    folder = knowledge_cache.map_dir(synced.url, h.team_id)
    (folder / "map.json").write_text('{"checksum": "x", "payload": {"format": 1}}')
    _stage_print(repo, h)
    result = runner.invoke(app, ["audit", "--format", "json"])
    assert result.exit_code in (0, 1)
    assert "acme/no-print-secrets" not in result.stdout
    assert "checksum" in result.stderr


def test_a_map_this_version_cannot_read_keeps_the_last_good_one(synced: Any) -> None:
    synced.knowledge = _map(2, "version: 1\nrules:\n  python/no-such-rule: false\n")
    result = runner.invoke(app, ["sync"])
    assert result.exit_code == 1
    assert "unknown rule" in result.stdout and "keeping version 1" in result.stdout
    rules = json.loads(runner.invoke(app, ["rules", "list", "--format", "json"]).stdout)
    assert {r["map_version"] for r in rules} == {1}


def test_repository_may_tighten_but_not_loosen_by_default(synced: Any, repo: Path, h: Any) -> None:
    h.write(
        repo,
        ".aura/rules.yaml",
        "version: 1\nrules:\n  acme/no-print-secrets: false\n  python/debug-print: error\n",
    )
    result = runner.invoke(app, ["rules", "list", "--format", "json"])
    by_id = {r["id"]: r for r in json.loads(result.stdout)}
    assert by_id["acme/no-print-secrets"]["enabled"] is True
    assert by_id["python/debug-print"]["severity"] == "error"
    assert by_id["python/debug-print"]["source"] == "repo"
    assert "does not let repositories loosen it" in result.stderr


def test_the_team_map_can_let_repositories_loosen(synced: Any, repo: Path, h: Any) -> None:
    synced.knowledge = _map(2, TEAM_RULES + "repositories:\n  may_loosen: true\n")
    assert runner.invoke(app, ["sync"]).exit_code == 0
    h.write(repo, ".aura/rules.yaml", "version: 1\nrules:\n  acme/no-print-secrets: false\n")
    rules = json.loads(runner.invoke(app, ["rules", "list", "--all", "--format", "json"]).stdout)
    by_id = {r["id"]: r for r in rules}
    assert by_id["acme/no-print-secrets"]["enabled"] is False
    assert by_id["acme/no-print-secrets"]["source"] == "team v2+repo"


def test_several_teams_need_a_choice(api: Any, h: Any) -> None:
    api.teams = [
        {"id": h.team_id, "slug": "acme", "name": "Acme"},
        {"id": "11111111-2222-3333-4444-555555555555", "slug": "other", "name": "Other"},
    ]
    api.knowledge = _map(1)
    credentials.save_token("default", h.token, api.url)
    runner.invoke(app, ["config", "set", "api_url", api.url])
    result = runner.invoke(app, ["sync"])
    assert result.exit_code == 1
    assert "aura config set team" in result.stderr
    assert runner.invoke(app, ["config", "set", "team", "acme"]).exit_code == 0
    assert runner.invoke(app, ["sync"]).exit_code == 0


def test_the_parsed_repository_rules_are_cached_but_never_stale(
    synced: Any, repo: Path, h: Any
) -> None:
    h.write(repo, "app/debug.py", 'print("x")\n')
    h.git(repo, "add", ".")

    def severity() -> str:
        out = json.loads(runner.invoke(app, ["audit", "--format", "json"]).stdout)
        return str({f["rule_id"]: f["severity"] for f in out["findings"]}["python/debug-print"])

    h.write(repo, ".aura/rules.yaml", "version: 1\nrules:\n  python/debug-print: error\n")
    assert severity() == "error"
    cache = repo / ".git" / "aura" / "rules-cache.json"
    assert cache.is_file()
    assert severity() == "error"  # from the cache
    h.write(repo, ".aura/rules.yaml", "version: 1\nrules:\n  python/debug-print: info\n")
    assert severity() == "info"  # the file changed: parsed again
    cache.write_text('{"key": "x", "plain": {"format": 99}}')
    assert severity() == "info"  # a damaged cache costs a parse, nothing else
    h.write(repo, ".aura/rules.yaml", "version: 1\nrules:\n  python/no-such: info\n")
    bad = runner.invoke(app, ["audit"])
    assert bad.exit_code == 2 and "unknown rule" in bad.stderr
