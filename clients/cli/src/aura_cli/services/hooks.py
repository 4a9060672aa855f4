"""Installing, chaining and removing Aura's git hooks, and reading what pre-push is pushing.

A foreign hook already in place is moved aside byte-for-byte to `<hook>.aura-orig` and run first by
Aura's script; `uninstall` moves it back with os.replace, so content, mode and symlinks survive
exactly. The script records the absolute aura executable and interpreter used at install time
(hooks often run with a different PATH, e.g. from GUI clients) and falls back to `aura` on PATH.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from aura_cli.errors import CliError
from aura_cli.services import git

MARKER = "# aura-hook v1"
BACKUP_SUFFIX = ".aura-orig"
HOOK_TYPES = ("pre-commit", "pre-push")

_TEMPLATE = """#!/bin/sh
{marker}: {name} - managed by `aura hook install`; `aura hook uninstall` restores the previous hook.
AURA_EXE={exe}
AURA_PYTHON={python}
AURA_CHAIN={chain}
hook_dir=$(dirname "$0")
run_aura() {{
  if [ -x "$AURA_EXE" ]; then "$AURA_EXE" "$@"
  elif [ -x "$AURA_PYTHON" ] && "$AURA_PYTHON" -c 'import aura_cli' 2>/dev/null; then
    "$AURA_PYTHON" -m aura_cli.main "$@"
  elif command -v aura >/dev/null 2>&1; then aura "$@"
  else
    echo "aura: executable not found; skipping the audit (run 'aura hook install' again)" >&2
    return 0
  fi
}}
{body}"""

_PRE_COMMIT_BODY = """if [ "$AURA_CHAIN" = 1 ] && [ -x "$hook_dir/pre-commit{suffix}" ]; then
  "$hook_dir/pre-commit{suffix}" "$@" || exit $?
fi
run_aura hook run pre-commit "$@"
"""

# Git gives pre-push the refs on stdin, which can be read once: keep it for both hooks.
_PRE_PUSH_BODY = """push_input=$(cat)
if [ "$AURA_CHAIN" = 1 ] && [ -x "$hook_dir/pre-push{suffix}" ]; then
  printf '%s\\n' "$push_input" | "$hook_dir/pre-push{suffix}" "$@" || exit $?
fi
printf '%s\\n' "$push_input" | run_aura hook run pre-push "$@"
"""


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def recorded_executables() -> tuple[str, str]:
    """Absolute `aura` executable and Python interpreter of the running installation."""
    import shutil

    beside = Path(sys.executable).parent / "aura"
    exe = str(beside) if beside.exists() else (shutil.which("aura") or "aura")
    return exe, sys.executable


def script(name: str, chain: bool) -> str:
    """The hook script text for hook `name` (pre-commit or pre-push)."""
    exe, python = recorded_executables()
    body = _PRE_COMMIT_BODY if name == "pre-commit" else _PRE_PUSH_BODY
    return _TEMPLATE.format(
        marker=MARKER,
        name=name,
        exe=_quote(exe),
        python=_quote(python),
        chain=1 if chain else 0,
        body=body.format(suffix=BACKUP_SUFFIX),
    )


def hooks_dir(repo: Path) -> Path:
    """The folder git runs hooks from (core.hooksPath and worktrees respected)."""
    return git.git_path("hooks", repo)


def is_ours(path: Path) -> bool:
    """Whether the file at `path` is a hook script written by Aura."""
    try:
        with path.open("rb") as fh:
            return MARKER.encode() in fh.read(512)
    except OSError:
        return False


@dataclass
class HookStatus:
    """State of one hook type in a repository."""

    name: str
    path: Path
    state: str  # absent | aura | foreign
    chained: bool

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly view."""
        return {
            "hook": self.name,
            "path": str(self.path),
            "state": self.state,
            "chained": self.chained,
        }


def status(repo: Path) -> list[HookStatus]:
    """The state of the pre-commit and pre-push hooks."""
    folder = hooks_dir(repo)
    out = []
    for name in HOOK_TYPES:
        path = folder / name
        exists = path.exists() or path.is_symlink()
        state = "absent" if not exists else ("aura" if is_ours(path) else "foreign")
        backup = folder / (name + BACKUP_SUFFIX)
        out.append(HookStatus(name, path, state, state == "aura" and backup.exists()))
    return out


def install(repo: Path, name: str, force: bool = False) -> str:
    """Install Aura's hook `name`, chaining any foreign hook; returns a one-line summary.

    Refuses (CliError) when a foreign hook would be lost because a backup slot is already taken,
    unless `force`; with `force` a foreign hook is replaced rather than chained (still backed up).
    """
    folder = hooks_dir(repo)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    backup = folder / (name + BACKUP_SUFFIX)
    exists = path.exists() or path.is_symlink()
    chain = backup.exists() or backup.is_symlink()
    if exists and not is_ours(path):
        if chain and not force:
            raise CliError(
                f"{path} is a foreign hook and {backup.name} already exists; "
                "refusing to replace it (use --force to replace, keeping both files)"
            )
        if chain:
            os.replace(backup, backup.with_name(backup.name + ".old"))
        os.replace(path, backup)
        chain = not force
    _write_executable(path, script(name, chain))
    if exists and chain:
        return (
            f"installed {name} hook in {folder} (chained the existing hook, saved as {backup.name})"
        )
    if exists and force:
        return f"installed {name} hook in {folder} (replaced the old hook, saved as {backup.name})"
    return f"installed {name} hook in {folder}"


def _write_executable(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.aura-tmp")
    tmp.write_text(text)
    os.chmod(tmp, 0o755)  # noqa: S103 - hooks must be executable by git
    os.replace(tmp, path)


def uninstall(repo: Path, names: tuple[str, ...] = HOOK_TYPES) -> list[str]:
    """Remove Aura's hooks and put back what was there before; returns one line per change."""
    folder = hooks_dir(repo)
    done = []
    for name in names:
        path = folder / name
        backup = folder / (name + BACKUP_SUFFIX)
        if not is_ours(path):
            continue
        if backup.exists() or backup.is_symlink():
            os.replace(backup, path)
            done.append(f"restored the previous {name} hook")
        else:
            path.unlink()
            done.append(f"removed the {name} hook")
    return done


def push_ranges(stdin: bytes, repo: Path) -> list[tuple[str, str]]:
    """(base, tip) pairs to audit from pre-push stdin `<lref> <lsha> <rref> <rsha>` lines.

    A deleted ref is skipped. When the remote sha is known locally the range starts at its merge
    base with the tip; a new branch (or an unknown remote sha after a force push) starts below the
    oldest commit not yet on any remote ref, or at the empty tree for a brand-new history.
    """
    pairs: list[tuple[str, str]] = []
    for raw in stdin.decode(errors="replace").splitlines():
        parts = raw.split()
        if len(parts) != 4 or parts[1] == git.ZERO_SHA:
            continue
        local, remote = parts[1], parts[3]
        if remote != git.ZERO_SHA and git.rev_parse(remote, repo):
            pair = (git.merge_base(remote, local, repo), local)
        else:
            out = git.try_run(
                ["rev-list", "--reverse", "--topo-order", local, "--not", "--remotes"], repo
            )
            commits = (out or b"").decode().split()
            if not commits:
                continue
            parent = git.rev_parse(f"{commits[0]}^", repo)
            pair = (parent or git.EMPTY_TREE, local)
        if pair[0] != pair[1] and pair not in pairs:
            pairs.append(pair)
    return pairs
