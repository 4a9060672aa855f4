"""Team rules cannot hang `aura audit` (or the git hook): patterns run on RE2, and what RE2
cannot run is refused up front with the rule, the line and what to write instead (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aura_cli.main import app
from typer.testing import CliRunner

runner = CliRunner()


def test_lookaround_pattern_is_exit_2_naming_rule_and_line(repo: Path, h: Any) -> None:
    rules = "version: 1\nteam_rules:\n  - id: team/todo\n    pattern: 'TODO(?!\\(\\w+\\))'\n"
    h.write(repo, ".aura/rules.yaml", rules + "    message: m\n")
    h.write(repo, "a.py", "# TODO\n")
    h.git(repo, "add", "a.py")
    result = runner.invoke(app, ["audit", "--staged"])
    assert result.exit_code == 2, result.output
    assert "rules.yaml:4:" in result.stderr and "team/todo" in result.stderr
    assert "unless" in result.stderr and result.stdout == ""


def test_catastrophic_pattern_audits_a_50k_line(repo: Path, h: Any) -> None:
    rules = "version: 1\nteam_rules:\n  - id: team/nested\n    pattern: '(a+)+$'\n"
    h.write(repo, ".aura/rules.yaml", rules + "    message: nested\n    severity: error\n")
    h.write(repo, "data.txt", "a" * 50_000 + "!\n" + "aaaa\n")
    h.git(repo, "add", "data.txt")
    result = runner.invoke(app, ["audit", "--staged", "--format", "json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert [(f["rule_id"], f["line"]) for f in doc["findings"]] == [("team/nested", 2)]
