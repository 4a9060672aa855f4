"""Installing the CLI outside this checkout: from the built wheels, and from the repository.

Both install into a fresh virtual environment in a temporary folder, then use `aura` there on
another repository: audit, hook install, a real commit blocked and one let through.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EMPTY_GITCONFIG = Path(__file__).with_name("empty.gitconfig")
UV = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
PYTHON = getattr(sys, "_base_executable", sys.executable)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AURA_", "GIT_", "VIRTUAL_ENV", "UV_PROJECT"))}  # fmt: skip
    env |= {"AURA_HOME": str(home), "AURA_NO_BACKGROUND_SYNC": "1", "NO_COLOR": "1",
            "GIT_CONFIG_GLOBAL": str(EMPTY_GITCONFIG), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com",
            "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"}  # fmt: skip
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def _venv(tmp_path: Path) -> Path:
    venv = tmp_path / "elsewhere" / "venv"
    made = _run([UV, "venv", "--python", PYTHON, str(venv)], tmp_path, dict(os.environ))
    assert made.returncode == 0, made.stderr
    return venv


def _use_aura(venv: Path, tmp_path: Path) -> None:
    """aura --version, audit, hook install and real commits in a repository of its own."""
    env = _env(tmp_path / "aura-home")
    aura = str(venv / "bin" / "aura")
    where = _run([str(venv / "bin" / "python"), "-c", "import aura_cli; print(aura_cli.__file__)"],
                 tmp_path, env)  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout  # not this checkout
    repo = tmp_path / "another-repo"
    repo.mkdir()
    assert _run(["git", "init", "-q", "-b", "main"], repo, env).returncode == 0
    assert _run([aura, "--version"], repo, env).stdout.startswith("aura ")
    installed = _run([aura, "hook", "install"], repo, env)
    assert installed.returncode == 0, installed.stderr
    key = "AKIA" + "Q7RZ3LMXW2KD5PTV"
    (repo / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{key}"\n')
    _run(["git", "add", "."], repo, env)
    audit = _run([aura, "audit", "--staged"], repo, env)
    assert audit.returncode == 1 and "secrets/aws-access-key" in audit.stdout
    blocked = _run(["git", "commit", "-qm", "leak"], repo, env)
    assert blocked.returncode != 0 and "secrets/aws-access-key" in blocked.stdout + blocked.stderr
    (repo / "settings.py").write_text('import os\n\nKEY = os.environ["AWS_ACCESS_KEY_ID"]\n')
    _run(["git", "add", "."], repo, env)
    ok = _run(["git", "commit", "-qm", "settings from the environment"], repo, env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert _run(["git", "log", "--oneline"], repo, env).stdout.count("\n") == 1
    assert _run([aura, "audit", "--all"], repo, env).returncode == 0


def test_built_wheels_install_and_work_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    for package in ("aura-golden-path", "aura-golden-path-engine"):
        built = _run([UV, "build", "--wheel", "--package", package, "-o", str(dist)], ROOT,
                     dict(os.environ))  # fmt: skip
        assert built.returncode == 0, built.stderr
    wheels = sorted(p.name for p in dist.glob("*.whl"))
    assert [w.split("-")[0] for w in wheels] == ["aura_golden_path", "aura_golden_path_engine"]
    venv = _venv(tmp_path)
    cli_wheel = next(dist.glob("aura_golden_path-*.whl"))
    installed = _run(
        [UV, "pip", "install", "--python", str(venv / "bin" / "python"),
         "--find-links", str(dist), str(cli_wheel)],
        tmp_path, dict(os.environ),
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    _use_aura(venv, tmp_path)


def test_installs_from_the_repository_with_git_and_subdirectory(tmp_path: Path) -> None:
    head = _run(["git", "rev-parse", "HEAD"], ROOT, dict(os.environ))
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    venv = _venv(tmp_path)
    # What `uv tool install 'git+https://…/aura#subdirectory=clients/cli'` resolves: the CLI
    # member, with the engine from the same repository (its workspace source).
    spec = f"aura-golden-path @ git+file://{ROOT}@{head.stdout.strip()}#subdirectory=clients/cli"
    installed = _run([UV, "pip", "install", "--python", str(venv / "bin" / "python"), spec],
                     tmp_path, dict(os.environ))  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    _use_aura(venv, tmp_path)
