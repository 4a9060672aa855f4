"""Teams that use the pre-commit framework get Aura from `.pre-commit-hooks.yaml`: the framework
pip-installs this repository's root (the `aura-golden-path-hooks` package) into its own environment and
runs `aura audit --staged` there. This runs the real framework against this checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
EMPTY_GITCONFIG = Path(__file__).with_name("empty.gitconfig")
TOKEN = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(EMPTY_GITCONFIG))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/.aura of the developer's
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    _git(repo, "config", "user.email", "dev@example.com")
    _git(repo, "config", "user.name", "Dev")
    (repo / "app.py").write_text("VALUE = 1\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "init")
    return repo


def _try_repo(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AURA_")}
    return subprocess.run(
        [str(BIN / "pre-commit"), "try-repo", str(ROOT), *(args or ("aura-audit",))],
        check=False,
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_framework_installs_aura_and_blocks_a_staged_secret(repo: Path) -> None:
    (repo / "settings.py").write_text(f'API_TOKEN = "{TOKEN}"\n')
    _git(repo, "add", "settings.py")
    blocked = _try_repo(repo)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "secrets/github-token" in blocked.stdout
    assert TOKEN not in blocked.stdout  # redacted in the framework's output too

    (repo / "settings.py").write_text('API_TOKEN = os.environ["API_TOKEN"]\n')
    _git(repo, "add", "settings.py")
    passed = _try_repo(repo)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "aura audit" in passed.stdout and "Passed" in passed.stdout


def test_framework_pre_push_hook_audits_the_pushed_range(repo: Path) -> None:
    base = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    (repo / "settings.py").write_text(f'API_TOKEN = "{TOKEN}"\n')
    _git(repo, "add", "settings.py")
    _git(repo, "commit", "-qm", "token")  # no hook installed: the push is the last gate
    args = ("aura-audit-push", "--hook-stage", "pre-push", "--from-ref", base, "--to-ref", "HEAD")
    pushed = _try_repo(repo, *args)
    assert pushed.returncode == 1, pushed.stdout + pushed.stderr
    assert "settings.py" in pushed.stdout and "secrets/github-token" in pushed.stdout
    assert "app.py" not in pushed.stdout  # only the pushed range is audited


def test_hook_package_carries_what_the_cli_and_engine_need() -> None:
    def deps(path: Path) -> set[str]:
        project = tomllib.loads(path.read_text())["project"]
        return {d for d in project["dependencies"] if not d.startswith("aura-")}

    root = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = deps(ROOT / "clients/cli/pyproject.toml") | deps(
        ROOT / "libs/agentic-py/pyproject.toml"
    )
    assert set(root["dependencies"]) == needed
    assert root["scripts"]["aura"] == "aura_cli.main:run"
