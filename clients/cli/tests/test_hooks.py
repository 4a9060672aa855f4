"""Git hooks end to end: real `git commit` and `git push` subprocesses run the scripts."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from aura_cli.main import app
from aura_cli.services.event_queue import EventQueue, queue_path
from typer.testing import CliRunner

runner = CliRunner()
FOREIGN = b'#!/bin/sh\n# team hook\necho foreign-ran >> "$(git rev-parse --git-dir)/foreign.log"\n'


def _install(repo: Path, *args: str) -> Any:
    result = runner.invoke(app, ["hook", "install", "--repo", str(repo), *args])
    assert result.exit_code == 0, result.output
    return result


def _queued_types() -> list[str]:
    with EventQueue(queue_path()) as q:
        return [e["type"] for e in q.due(limit=10_000)]


def test_hook_blocks_a_secret_and_passes_a_clean_commit(repo: Path, h: Any) -> None:
    _install(repo)
    h.write(repo, "app/settings.py", f'AWS_ACCESS_KEY_ID = "{h.fake_aws_key()}"\n')
    h.git(repo, "add", ".")
    blocked = h.commit(repo, "-m", "add settings")
    assert blocked.returncode != 0
    assert "secrets/" in blocked.stdout + blocked.stderr
    assert h.git(repo, "rev-list", "--all") == ""  # first commit never happened
    h.write(repo, "app/settings.py", 'import os\n\nAWS_ACCESS_KEY_ID = os.environ["AWS_KEY"]\n')
    h.git(repo, "add", ".")
    ok = h.commit(repo, "-m", "read the key from the environment")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "audit.blocked" in _queued_types() and "audit.passed" in _queued_types()


def test_install_chains_and_uninstall_restores_byte_for_byte(repo: Path, h: Any) -> None:
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    original = hooks / "pre-commit"
    original.write_bytes(FOREIGN)
    original.chmod(0o751)
    out = _install(repo)
    assert "chained" in out.stdout
    status = json.loads(runner.invoke(app, ["hook", "status", "--format", "json"]).stdout)
    assert status[0] == {
        "hook": "pre-commit",
        "path": str(original),
        "state": "aura",
        "chained": True,
    }
    h.write(repo, "README.md", "hello\n")
    h.git(repo, "add", ".")
    assert h.commit(repo, "-m", "init").returncode == 0
    assert (repo / ".git" / "foreign.log").read_text() == "foreign-ran\n"
    _install(repo)  # idempotent: reinstalling keeps the chain
    assert runner.invoke(app, ["hook", "uninstall"]).exit_code == 0
    assert original.read_bytes() == FOREIGN
    assert stat.S_IMODE(original.stat().st_mode) == 0o751
    assert sorted(p.name for p in hooks.iterdir() if not p.name.endswith(".sample")) == [
        "pre-commit"
    ]


def test_chained_hook_failure_stops_the_commit(repo: Path, h: Any) -> None:
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "pre-commit").write_text("#!/bin/sh\necho nope >&2\nexit 3\n")
    (hooks / "pre-commit").chmod(0o755)
    _install(repo)
    h.write(repo, "a.txt", "a\n")
    h.git(repo, "add", ".")
    result = h.commit(repo, "-m", "x")
    assert result.returncode != 0 and "nope" in result.stderr


def test_refuses_to_replace_a_foreign_hook_without_force(repo: Path, h: Any) -> None:
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "pre-commit").write_bytes(FOREIGN)
    (hooks / "pre-commit.aura-orig").write_bytes(b"#!/bin/sh\nexit 0\n")
    result = runner.invoke(app, ["hook", "install"])
    assert result.exit_code == 2 and "--force" in result.stderr
    assert (hooks / "pre-commit").read_bytes() == FOREIGN
    _install(repo, "--force")
    assert (hooks / "pre-commit.aura-orig").read_bytes() == FOREIGN


def test_core_hooks_path_is_respected(repo: Path, h: Any) -> None:
    h.git(repo, "config", "core.hooksPath", "ci-hooks")
    _install(repo)
    assert (repo / "ci-hooks" / "pre-commit").exists()
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()


def test_hook_falls_back_to_aura_on_path(repo: Path, h: Any) -> None:
    _install(repo)
    script = repo / ".git" / "hooks" / "pre-commit"
    text = script.read_text()
    assert f"AURA_EXE='{Path(os.sys.executable).parent / 'aura'}'" in text
    script.write_text(
        text.replace("AURA_EXE='", "AURA_EXE='/nonexistent").replace(
            "AURA_PYTHON='", "AURA_PYTHON='/nonexistent"
        )
    )
    h.write(repo, "a.py", f'KEY = "{h.fake_aws_key(3)}"\n')
    h.git(repo, "add", ".")
    env_path = str(Path(os.sys.executable).parent) + os.pathsep + os.environ["PATH"]
    import subprocess

    proc = subprocess.run(
        ["git", "commit", "-m", "x"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": env_path},
        check=False,
    )
    assert proc.returncode == 1, proc.stderr


def test_no_verify_commit_is_reported_once(repo: Path, h: Any) -> None:
    _install(repo)
    h.write(repo, "a.txt", "one\n")
    h.git(repo, "add", ".")
    assert h.commit(repo, "-m", "audited").returncode == 0
    h.write(repo, "b.txt", "two\n")
    h.git(repo, "add", ".")
    assert h.commit(repo, "--no-verify", "-m", "sneaky").returncode == 0
    sneaky = h.git(repo, "rev-parse", "HEAD").strip()
    h.write(repo, "c.txt", "three\n")
    h.git(repo, "add", ".")
    third = h.commit(repo, "-m", "next")
    assert third.returncode == 0
    assert sneaky[:12] in third.stdout + third.stderr
    h.write(repo, "d.txt", "four\n")
    h.git(repo, "add", ".")
    again = h.commit(repo, "-m", "again")
    assert sneaky[:12] not in again.stdout + again.stderr
    with EventQueue(queue_path()) as q:
        bypassed = [e for e in q.due(limit=1000) if e["type"] == "hook.bypassed"]
    assert [e["data"]["commit"] for e in bypassed] == [sneaky]


def test_pre_push_audits_the_pushed_range(repo: Path, tmp_path: Path, h: Any) -> None:
    remote = tmp_path / "remote.git"
    h.git(tmp_path, "-c", "init.defaultBranch=main", "init", "-q", "--bare", str(remote))
    h.git(repo, "remote", "add", "origin", str(remote))
    _install(repo, "--pre-push")
    h.write(repo, "a.py", "x = 1\n")
    h.git(repo, "add", ".")
    assert h.commit(repo, "-m", "clean").returncode == 0
    first = h.git(repo, "push", "-q", "origin", "main", check=False)
    assert h.git(remote, "rev-parse", "main").strip() == h.git(repo, "rev-parse", "HEAD").strip()
    del first
    h.write(repo, "b.py", f'TOKEN = "{h.fake_aws_key(11)}"\n')
    h.git(repo, "add", ".")
    assert h.commit(repo, "--no-verify", "-m", "secret slipped in").returncode == 0
    import subprocess

    push = subprocess.run(
        ["git", "push", "origin", "main"], cwd=repo, capture_output=True, text=True, check=False
    )
    assert push.returncode != 0
    assert "b.py" in push.stdout + push.stderr
    assert "a.py" not in push.stdout + push.stderr  # only the pushed range is audited
    new_branch = subprocess.run(
        ["git", "push", "origin", "main:feature"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert new_branch.returncode != 0 and "b.py" in new_branch.stdout + new_branch.stderr
    assert "hook.bypassed" in _queued_types()


def test_commits_made_by_rebase_and_cherry_pick_are_not_bypasses(repo: Path, h: Any) -> None:
    _install(repo)

    def commit_file(name: str, *flags: str) -> str:
        h.write(repo, name, name + "\n")
        h.git(repo, "add", ".")
        assert h.commit(repo, *flags, "-m", name).returncode == 0
        return h.git(repo, "rev-parse", "HEAD").strip()

    commit_file("base.txt")
    h.git(repo, "checkout", "-q", "-b", "topic")
    commit_file("topic.txt")
    h.git(repo, "checkout", "-q", "main")
    commit_file("main.txt")
    h.git(repo, "checkout", "-q", "topic")
    h.git(repo, "rebase", "-q", "main")  # a new commit with a new tree, and no pre-commit run
    rebased = h.git(repo, "rev-parse", "HEAD").strip()
    commit_file("after-rebase.txt")  # scans the rebased commit
    h.git(repo, "checkout", "-q", "main")
    h.git(repo, "cherry-pick", rebased)
    picked = h.git(repo, "rev-parse", "HEAD").strip()
    sneaky = commit_file("sneaky.txt", "--no-verify")
    commit_file("next.txt")  # scans the cherry-picked and the sneaky commit
    with EventQueue(queue_path()) as q:
        bypassed = [e["data"]["commit"] for e in q.due(limit=1000) if e["type"] == "hook.bypassed"]
    assert bypassed == [sneaky]
    assert rebased not in bypassed and picked not in bypassed
