"""`aura audit` over real git repositories: modes, formats, exit codes and events."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aura_cli import fastpath
from aura_cli.main import app
from aura_cli.services import audit_runner
from aura_cli.services.event_queue import EventQueue, queue_path
from typer.testing import CliRunner

runner = CliRunner()
RULES = """version: 1
team_rules:
  - id: team/no-fixme
    pattern: "FIX[M]E"
    message: Fix-me marker left in the code
    fix: Open an issue instead
    severity: error
"""


@pytest.fixture
def team_repo(repo: Path, h: Any) -> Path:
    h.write(repo, ".aura/rules.yaml", RULES)
    return repo


def _queued() -> list[dict[str, Any]]:
    with EventQueue(queue_path()) as q:
        return q.due(limit=10_000)


def test_staged_on_first_commit_json_is_pure_and_exit_1(team_repo: Path, h: Any) -> None:
    h.write(team_repo, "src/app.py", "x = 1\n# FIXME later\n")
    h.git(team_repo, "add", ".")
    result = runner.invoke(app, ["audit", "--staged", "--format", "json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["version"] == 1 and doc["status"] == "fail"
    [finding] = [f for f in doc["findings"] if f["rule_id"] == "team/no-fixme"]
    assert (finding["path"], finding["line"]) == ("src/app.py", 2)
    types = [e["type"] for e in _queued()]
    assert types.count("audit.finding") == len(doc["findings"]) and "audit.blocked" in types


def test_clean_change_passes_with_exit_0(team_repo: Path, h: Any) -> None:
    h.write(team_repo, "src/app.py", "x = 1\n")
    h.git(team_repo, "add", ".")
    result = runner.invoke(app, ["audit"])
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.stdout and "passed" in result.stdout
    assert [e["type"] for e in _queued()] == ["audit.passed"]


def test_text_output_groups_by_file_with_fix_and_lesson_hint(team_repo: Path, h: Any) -> None:
    h.write(team_repo, "b.py", "# FIXME\n")
    h.write(team_repo, "a/mod.py", "def f():\n    print('x')\n")
    h.git(team_repo, "add", ".")
    out = runner.invoke(app, ["audit", "--staged"]).stdout
    assert out.index("a/mod.py") < out.index("b.py")
    assert "python/debug-print" in out and "aura learn " in out and "fix: Open an issue" in out
    assert "\x1b[" not in out  # not a TTY: no colour
    assert out.rstrip().splitlines()[-1].startswith("aura: 2 findings")


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_fail_on_threshold(repo: Path, h: Any, fail_on: str, code: int) -> None:
    h.write(repo, "mod.py", "print('debug')\n")
    h.git(repo, "add", ".")
    assert runner.invoke(app, ["audit", "--fail-on", fail_on]).exit_code == code


def test_config_error_is_exit_2_with_location(repo: Path, h: Any) -> None:
    h.write(repo, ".aura/rules.yaml", "version: 1\npacks:\n  python: maybe\n")
    h.write(repo, "a.py", "x = 1\n")
    h.git(repo, "add", "a.py")
    result = runner.invoke(app, ["audit", "--staged"])
    assert result.exit_code == 2
    assert "rules.yaml:3:" in result.stderr and result.stdout == ""


def test_usage_errors_exit_2(repo: Path) -> None:
    assert runner.invoke(app, ["audit", "--staged", "--all"]).exit_code == 2
    assert runner.invoke(app, ["audit", "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["audit", "--range", "nonsense"]).exit_code == 2


def test_diff_from_stdin_and_file_as_bytes(tmp_path: Path, h: Any, team_repo: Path) -> None:
    diff = (
        b"diff --git a/x.py b/x.py\nnew file mode 100644\n--- /dev/null\n+++ b/x.py\n"
        b"@@ -0,0 +1,2 @@\n+s = '\xff\xfe latin'\r\n+# FIXME\r\n"
    )
    result = runner.invoke(app, ["audit", "--diff", "-", "--format", "json"], input=diff)
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["findings"][0]["line"] == 2
    patch = tmp_path / "change.diff"
    patch.write_bytes(diff)
    assert runner.invoke(app, ["audit", "--diff", str(patch)]).exit_code == 1


def test_range_and_all(team_repo: Path, h: Any) -> None:
    h.write(team_repo, "old.py", "# FIXME old\n")
    h.git(team_repo, "add", ".")
    h.git(team_repo, "commit", "-qm", "one", "--no-verify")
    h.write(team_repo, "new.py", "x = 2\n")
    h.git(team_repo, "add", ".")
    h.git(team_repo, "commit", "-qm", "two", "--no-verify")
    rng = runner.invoke(app, ["audit", "--range", "HEAD~1..HEAD", "--format", "json"])
    assert rng.exit_code == 0 and json.loads(rng.stdout)["findings"] == []
    whole = runner.invoke(app, ["audit", "--all", "--format", "json"])
    assert whole.exit_code == 1
    assert [f["path"] for f in json.loads(whole.stdout)["findings"]] == ["old.py"]


def test_sarif_output(team_repo: Path, h: Any) -> None:
    h.write(team_repo, "a.py", "# FIXME\n")
    h.git(team_repo, "add", ".")
    result = runner.invoke(app, ["audit", "--format", "sarif"])
    doc = json.loads(result.stdout)
    assert doc["version"] == "2.1.0" and result.exit_code == 1


def test_hash_paths_privacy_setting(team_repo: Path, h: Any) -> None:
    runner.invoke(app, ["config", "set", "privacy.hash_paths", "true"])
    h.write(team_repo, "secret/project.py", "# FIXME\n")
    h.git(team_repo, "add", ".")
    runner.invoke(app, ["audit"])
    paths = [e["path"] for e in _queued() if e["type"] == "audit.finding"]
    assert paths and all(p.startswith("sha256:") and "project" not in p for p in paths)


@pytest.mark.parametrize(
    "argv",
    [
        ["--staged"],
        ["--all", "--format", "json"],
        ["--range=A..B", "--fail-on", "never"],
        ["--diff", "-", "--repo", "/tmp", "--config", "x.yaml", "--format=sarif"],
        [],
    ],
)
def test_fast_path_parses_like_typer(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[audit_runner.AuditRequest] = []
    monkeypatch.setattr(audit_runner, "run_audit", lambda req, *a: seen.append(req) or 0)
    runner.invoke(app, ["audit", *argv])
    assert fastpath.parse_audit(argv) == seen[0]


@pytest.mark.parametrize(
    "argv", [["--help"], ["--staged", "--all"], ["--format", "xml"], ["--bogus"], ["--range"]]
)
def test_fast_path_defers_anything_unusual_to_typer(argv: list[str]) -> None:
    assert fastpath.parse_audit(argv) is None


def test_console_script_fast_path_end_to_end(team_repo: Path, h: Any) -> None:
    h.write(team_repo, "a.py", "# FIXME\n")
    h.git(team_repo, "add", ".")
    aura = Path(sys.executable).parent / "aura"
    proc = subprocess.run(
        [str(aura), "audit", "--staged", "--format", "json"],
        cwd=team_repo,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["status"] == "fail"
