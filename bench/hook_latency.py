"""Hook latency: median wall time of `aura audit --staged`, `aura --help` and detect-secrets-hook.

Builds a temporary repository with 10 staged files / 500 added lines, then times 20 runs of each
command (after warm-up runs, so bytecode caches exist as they would on a developer machine).
Run: `uv run python bench/hook_latency.py [--runs N]`. Goals: audit p50 <= 150 ms and faster than
detect-secrets-hook; `aura --help` <= 150 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def make_repo(root: Path) -> tuple[Path, list[str]]:
    """A repository with one commit and 10 staged Python files of 50 added lines each."""
    repo = root / "repo"
    repo.mkdir()
    _git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    (repo / "README.md").write_text("bench\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "init")
    files = []
    for i in range(10):
        lines = [
            f'"""Module {i}."""',
            "import logging",
            "",
            "log = logging.getLogger(__name__)",
            "",
        ]
        n = 0
        while len(lines) < 50:
            lines += [f"def func_{i}_{n}(value: int) -> int:", f"    return value * {n} + {i}", ""]
            n += 1
        name = f"pkg/mod_{i}.py"
        (repo / "pkg").mkdir(exist_ok=True)
        (repo / name).write_text("\n".join(lines[:50]) + "\n")
        files.append(name)
    _git(repo, "add", ".")
    return repo, files


def median_ms(cmd: list[str], cwd: Path, env: dict[str, str], runs: int) -> float:
    """Median wall time in milliseconds of `runs` executions (3 untimed warm-ups first)."""
    for _ in range(3):
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        repo, files = make_repo(root)
        (root / "empty.gitconfig").touch()
        env = {
            **os.environ,
            "AURA_HOME": str(root / "aura-home"),
            "AURA_NO_BACKGROUND_SYNC": "1",
            "GIT_CONFIG_GLOBAL": str(root / "empty.gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        # A real install writes bytecode caches; a sandbox that forbids them would measure
        # compile time instead of start-up time.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        aura = str(BIN / "aura")
        audit = median_ms([aura, "audit", "--staged"], repo, env, args.runs)
        helps = median_ms([aura, "--help"], repo, env, args.runs)
        ds_bin = BIN / "detect-secrets-hook"
        ds = shutil.which("detect-secrets-hook") if not ds_bin.exists() else str(ds_bin)
        secrets = median_ms([ds, *files], repo, env, args.runs) if ds else float("nan")
    print(f"staged change: {len(files)} files, 500 added lines; {args.runs} runs each (median)")
    print(f"aura audit --staged      {audit:8.1f} ms   (goal <= 150 ms)")
    print(f"aura --help              {helps:8.1f} ms   (goal <= 150 ms)")
    print(f"detect-secrets-hook      {secrets:8.1f} ms")
    print(f"ratio aura/detect-secrets {audit / secrets:7.2f}x   (goal < 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
