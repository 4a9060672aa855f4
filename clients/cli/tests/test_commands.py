"""Help, version, completion, learn, init, rules and baseline commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aura_cli import __version__
from aura_cli.main import app
from typer.testing import CliRunner

runner = CliRunner()
COMMANDS = [
    ["audit"],
    ["hook", "install"],
    ["hook", "uninstall"],
    ["hook", "status"],
    ["init"],
    ["learn"],
    ["rules", "list"],
    ["rules", "test"],
    ["baseline", "create"],
    ["baseline", "update"],
    ["review"],
    ["login"],
    ["logout"],
    ["whoami"],
    ["sync"],
    ["config", "show"],
    ["config", "set"],
    ["doctor"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(argv: list[str]) -> None:
    result = runner.invoke(app, [*argv, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout and "aura " in result.stdout


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"aura {__version__}"


def test_shell_completion_lists_commands() -> None:
    env = {
        **os.environ,
        "_AURA_COMPLETE": "complete_bash",
        "COMP_WORDS": "aura ho",
        "COMP_CWORD": "1",
    }
    aura = Path(sys.executable).parent / "aura"
    proc = subprocess.run([str(aura)], env=env, capture_output=True, text=True, check=False)
    assert "hook" in proc.stdout.split()
    script = subprocess.run(
        [str(aura), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SHELL": "/bin/bash"},
    )
    assert "_AURA_COMPLETE" in script.stdout


def test_learn_shows_a_lesson_by_rule_or_id() -> None:
    by_rule = runner.invoke(app, ["learn", "python/debug-print"])
    assert by_rule.exit_code == 0, by_rule.output
    lesson_id = by_rule.stdout.splitlines()[1].split(": ", 1)[1]
    by_id = runner.invoke(app, ["learn", lesson_id])
    assert by_id.stdout == by_rule.stdout
    missing = runner.invoke(app, ["learn", "no/such-rule"])
    assert missing.exit_code == 1 and "no lesson" in missing.stderr


def test_init_writes_a_valid_rules_file(repo: Path) -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    text = (repo / ".aura" / "rules.yaml").read_text()
    assert "packs:" in text and "python: true" in text
    assert runner.invoke(app, ["init"]).exit_code == 2
    listed = runner.invoke(app, ["rules", "list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert any(r["id"] == "python/debug-print" for r in json.loads(listed.stdout))


def test_rules_list_text_and_self_tests() -> None:
    listed = runner.invoke(app, ["rules", "list", "--all"])
    assert listed.exit_code == 0 and "rules" in listed.stdout.splitlines()[-1]
    tested = runner.invoke(app, ["rules", "test", "--format", "json"])
    assert tested.exit_code == 0, tested.output
    assert all(r["ok"] for r in json.loads(tested.stdout))


def test_baseline_create_then_update_silences_existing(repo: Path, h: Any) -> None:
    h.write(repo, "mod.py", "print('legacy')\n")
    h.git(repo, "add", ".")
    h.git(repo, "commit", "-qm", "legacy", "--no-verify")
    assert runner.invoke(app, ["baseline", "update"]).exit_code == 2
    created = runner.invoke(app, ["baseline", "create"])
    assert created.exit_code == 0, created.output
    assert (repo / ".aura" / "baseline.json").exists()
    assert runner.invoke(app, ["baseline", "create"]).exit_code == 2
    assert runner.invoke(app, ["baseline", "update"]).exit_code == 0
    doc = json.loads(runner.invoke(app, ["audit", "--all", "--format", "json"]).stdout)
    assert doc["findings"] == [] and doc["suppressed"] >= 1


def test_learn_shows_the_title_once_and_folds_long_rule_lists() -> None:
    result = runner.invoke(app, ["learn", "secrets/npm-token"])
    assert result.exit_code == 0, result.output
    title = result.stdout.splitlines()[0]
    assert result.stdout.count(title) == 1
    rules_line = next(line for line in result.stdout.splitlines() if line.startswith("rules:"))
    assert rules_line.startswith("rules: secrets/npm-token, ")
    assert rules_line.endswith("more (aura rules list)") and len(rules_line) < 200


def test_suppression_problems_read_as_sentences(repo: Path, h: Any) -> None:
    h.write(repo, "app.py", "x = 1  # aura: allow python/debug-print\n")
    h.git(repo, "add", ".")
    result = runner.invoke(app, ["audit"])
    notes = [line for line in result.stdout.splitlines() if line.startswith("note:")]
    assert notes, result.stdout
    for note in notes:
        assert "SuppressionProblem(" not in note
        assert note.startswith("note: app.py:1: ") and note.endswith(".")
        assert note[len("note: app.py:1: ")].isupper()


def test_login_refuses_a_session_jwt_and_explains_api_tokens(api: Any) -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    result = runner.invoke(app, ["login", "--api-url", api.url, "--token", jwt])
    assert result.exit_code == 2
    assert "personal API token" in result.stderr and "aura_pat_" in result.stderr
