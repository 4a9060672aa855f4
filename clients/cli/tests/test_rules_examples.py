"""Every rules file a user is shown works: the guide's examples, `aura init`'s proposal and
this repository's own configuration pass `aura rules test`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from aura_cli.main import app
from typer.testing import CliRunner

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "docs" / "guides" / "rules-yaml.md"


def _examples() -> list[str]:
    found = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(), flags=re.S)
    assert found, "the guide has no yaml examples"
    return found


@pytest.mark.parametrize("text", _examples(), ids=lambda t: t.splitlines()[0][:40])
def test_every_example_in_the_rules_guide_passes_rules_test(text: str, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(text)
    result = runner.invoke(app, ["rules", "test", "--config", str(rules)])
    assert result.exit_code == 0, result.output


def test_init_proposes_a_file_that_passes_rules_test(repo: Path, h: Any) -> None:
    h.write(repo, "app/main.py", "def main():\n    return 1\n")
    h.write(repo, "web/app.ts", "export const x = 1\n")
    h.write(repo, "bin/tool.py", 'print("hello")\n')
    h.write(repo, "vendor/lib/x.js", "console.log(1)\n")
    h.write(repo, "static/app.min.js", "console.log(1)\n")
    h.git(repo, "add", ".")
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    text = (repo / ".aura" / "rules.yaml").read_text()
    assert "python: true" in text and "js: true" in text
    assert '"vendor/**"' in text and '"**/*.min.js"' in text and '"bin/**"' in text
    assert "the whole tree passes" in result.stdout
    tested = runner.invoke(app, ["rules", "test"])
    assert tested.exit_code == 0, tested.output
    audited = runner.invoke(app, ["audit", "--all", "--format", "json"])
    paths = {f["path"] for f in json.loads(audited.stdout)["findings"]}
    assert not {p for p in paths if p.startswith(("vendor/", "bin/", "static/"))}


def test_init_with_baseline_leaves_a_passing_tree(repo: Path, h: Any) -> None:
    h.write(repo, "app/debug.py", 'def f():\n    print("x")\n')
    h.git(repo, "add", ".")
    result = runner.invoke(app, ["init", "--baseline"])
    assert result.exit_code == 0, result.output
    assert "python/debug-print 1" in result.stdout
    assert runner.invoke(app, ["audit", "--all", "--fail-on", "warning"]).exit_code == 0


def test_this_repository_dogfoods_a_valid_config_with_owned_baseline() -> None:
    result = runner.invoke(app, ["rules", "test", "--config", str(ROOT / ".aura" / "rules.yaml")])
    assert result.exit_code == 0, result.output
    entries = json.loads((ROOT / ".aura" / "baseline.json").read_text())["entries"]
    assert entries and all(len(e.get("reason", "")) > 10 for e in entries)
