"""`aura review --base`: merge-base range, Markdown summary with overflow, SARIF and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aura_cli.main import app
from typer.testing import CliRunner

runner = CliRunner()
RULES = """version: 1
team_rules:
  - id: team/no-fixme
    pattern: "FIX[M]E"
    message: Fix-me marker left in the code
    severity: error
"""


def _branch_with_findings(repo: Path, h: Any, count: int) -> None:
    h.write(repo, ".aura/rules.yaml", RULES)
    h.write(repo, "base.py", "# FIXME on main, not in the PR\n")
    h.git(repo, "add", ".")
    h.git(repo, "commit", "-qm", "base", "--no-verify")
    h.git(repo, "checkout", "-qb", "feature")
    h.write(repo, "pr.py", "".join(f"x{i} = 1  # FIXME {i}\n" for i in range(count)))
    h.git(repo, "add", ".")
    h.git(repo, "commit", "-qm", "feature work", "--no-verify")
    h.git(repo, "checkout", "-q", "main")
    h.write(repo, "later.py", "# FIXME after the branch point\n")
    h.git(repo, "add", ".")
    h.git(repo, "commit", "-qm", "main moves on", "--no-verify")
    h.git(repo, "checkout", "-q", "feature")


def test_markdown_summary_caps_inline_items(repo: Path, h: Any) -> None:
    _branch_with_findings(repo, h, 12)
    result = runner.invoke(app, ["review", "--base", "main"])
    assert result.exit_code == 1, result.output
    md = result.stdout
    assert md.startswith("## ❌ Aura review")
    assert "| error | 12 |" in md
    assert md.count("`team/no-fixme`") == 10
    assert "…and 2 more" in md
    assert "`pr.py:1`" in md and "base.py" not in md and "later.py" not in md


def test_clean_review_passes(repo: Path, h: Any) -> None:
    _branch_with_findings(repo, h, 0)
    result = runner.invoke(app, ["review", "--base", "main"])
    assert result.exit_code == 0 and "✅" in result.stdout


def test_review_sarif_and_json(repo: Path, h: Any) -> None:
    _branch_with_findings(repo, h, 2)
    sarif = json.loads(runner.invoke(app, ["review", "--base", "main", "--format", "sarif"]).stdout)
    assert sarif["version"] == "2.1.0"
    doc = json.loads(runner.invoke(app, ["review", "--base", "main", "--format", "json"]).stdout)
    assert len(doc["findings"]) == 2


def test_unknown_base_is_usage_error(repo: Path, h: Any) -> None:
    _branch_with_findings(repo, h, 1)
    result = runner.invoke(app, ["review", "--base", "nope/missing"])
    assert result.exit_code == 2 and "merge base" in result.stderr


def test_markdown_links_lines_on_github_and_gitlab(
    repo: Path, h: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _branch_with_findings(repo, h, 1)
    head = h.git(repo, "rev-parse", "HEAD").strip()
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/shop")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    md = runner.invoke(
        app, ["review", "--base", "main", "--lesson-url", "https://aura.test/lessons/{lesson_id}"]
    ).stdout
    assert f"[`pr.py:1`](https://github.com/acme/shop/blob/{head}/pr.py#L1)" in md
    assert "`x0 = 1 # FIXME 0`" in md  # the (redacted) line, spaces collapsed
    monkeypatch.delenv("GITHUB_REPOSITORY")
    monkeypatch.setenv("CI_PROJECT_URL", "https://gitlab.example.com/acme/shop")
    md = runner.invoke(app, ["review", "--base", "main"]).stdout
    assert f"(https://gitlab.example.com/acme/shop/-/blob/{head}/pr.py#L1)" in md


def test_markdown_shows_redacted_snippets_and_lesson_links(repo: Path, h: Any) -> None:
    h.write(repo, "base.py", "x = 1\n")
    h.git(repo, "add", ".")
    h.git(repo, "commit", "-qm", "base", "--no-verify")
    h.git(repo, "checkout", "-qb", "feature")
    key = h.fake_aws_key()
    h.write(repo, "settings.py", f'AWS_ACCESS_KEY_ID = "{key}"\n')
    h.git(repo, "add", ".")
    h.git(repo, "commit", "-qm", "leak", "--no-verify")
    md = runner.invoke(
        app, ["review", "--base", "main", "--lesson-url", "https://aura.test/lessons/{lesson_id}"]
    ).stdout
    assert key not in md and "[redacted]" in md
    assert "[lesson: secrets-in-code](https://aura.test/lessons/secrets-in-code)" in md
    assert len(md) < 5000
