"""Thin wrappers around the `git` executable. Diffs stay bytes: the engine owns decoding.

Diff commands pin the options user config could change (prefixes, colour, external diff drivers,
textconv) so the engine always sees a plain unified diff.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from aura_cli.errors import CliError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
ZERO_SHA = "0" * 40
_DIFF_OPTS = [
    "-c",
    "diff.noprefix=false",
    "-c",
    "diff.mnemonicPrefix=false",
    "-c",
    "core.quotePath=true",
]
_DIFF_FLAGS = ["--no-color", "--no-ext-diff", "--no-textconv", "--find-renames", "--unified=3"]


def run(args: list[str], cwd: Path | None = None, *, stdin: bytes | None = None) -> bytes:
    """Run `git ARGS` and return stdout; a failure becomes CliError with git's own message."""
    try:
        proc = subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607 - git is looked up on PATH like the user would
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise CliError("git is not installed or not on PATH") from None
    if proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip() or f"git {args[0]} failed"
        raise CliError(message)
    return proc.stdout


def try_run(args: list[str], cwd: Path | None = None) -> bytes | None:
    """Like run() but returns None instead of raising when git fails."""
    try:
        return run(args, cwd)
    except CliError:
        return None


def text(args: list[str], cwd: Path | None = None) -> str:
    """Run git and return stripped stdout decoded as UTF-8 (for refs, paths and shas only)."""
    return run(args, cwd).decode(errors="surrogateescape").strip()


_COMMON_DIRS: dict[Path, Path] = {}


def toplevel(cwd: Path | None = None) -> Path:
    """Root of the working tree containing `cwd`; CliError when not inside a repository.

    The same git call also yields the common git dir, cached for common_dir() (one process
    spawn less on the hook path).
    """
    try:
        out = text(["rev-parse", "--show-toplevel", "--git-common-dir"], cwd)
    except CliError:
        raise CliError(f"not a git repository: {cwd or Path.cwd()}") from None
    top_s, _, common_s = out.partition("\n")
    top = Path(top_s)
    common = Path(common_s.strip())
    _COMMON_DIRS[top] = common if common.is_absolute() else ((cwd or Path.cwd()) / common).resolve()
    return top


def git_path(name: str, cwd: Path) -> Path:
    """`git rev-parse --git-path NAME`, absolute: honours core.hooksPath and worktrees."""
    out = Path(text(["rev-parse", "--git-path", name], cwd))
    return out if out.is_absolute() else (cwd / out).resolve()


def common_dir(cwd: Path) -> Path:
    """The repository's common git dir (shared by all worktrees)."""
    if cwd in _COMMON_DIRS:
        return _COMMON_DIRS[cwd]
    out = Path(text(["rev-parse", "--git-common-dir"], cwd))
    return out if out.is_absolute() else (cwd / out).resolve()


def diff(args: list[str], cwd: Path) -> bytes:
    """`git diff` with pinned formatting options plus `args`, as raw bytes."""
    return run([*_DIFF_OPTS, "diff", *_DIFF_FLAGS, *args], cwd)


def staged_diff(cwd: Path) -> bytes:
    """The index against HEAD; on an unborn branch git compares with the empty tree itself."""
    return diff(["--cached"], cwd)


def all_diff(cwd: Path) -> bytes:
    """Every tracked file (the index) as added: the index against the empty tree."""
    return diff(["--cached", EMPTY_TREE], cwd)


def range_diff(spec: str, cwd: Path) -> bytes:
    """The diff of a revision range `A..B` (or `A...B` from their merge base)."""
    if ".." not in spec:
        raise CliError(f"--range expects A..B, got {spec!r}")
    if spec.startswith("-"):
        raise CliError(f"invalid range {spec!r}")
    return diff([spec, "--"], cwd)


def rev_parse(rev: str, cwd: Path) -> str | None:
    """Full sha of `rev`, or None when it does not resolve to a commit."""
    out = try_run(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd
    )
    return out.decode().strip() if out else None


def merge_base(a: str, b: str, cwd: Path) -> str:
    """The best common ancestor of two revisions; CliError when they share none."""
    out = try_run(["merge-base", a, b], cwd)
    if not out:
        raise CliError(f"no merge base between {a} and {b} (is {a} fetched?)")
    return out.decode().strip()


def write_tree(cwd: Path) -> str | None:
    """Tree id of the current index (respects GIT_INDEX_FILE set by `git commit -a`)."""
    out = try_run(["write-tree"], cwd)
    return out.decode().strip() if out else None


def repo_name(cwd: Path) -> str:
    """A short repository name for events: `owner/name` from origin (without credentials)."""
    url = try_run(["config", "--get", "remote.origin.url"], cwd)
    if url:
        cleaned = url.decode(errors="replace").strip().rstrip("/").removesuffix(".git")
        parts = cleaned.replace(":", "/").split("/")
        named = [p for p in parts if p and "@" not in p]
        if len(named) >= 2:
            return "/".join(named[-2:])
    return cwd.name


def creation_reasons(repo: Path, depth: int = 2000) -> dict[str, str]:
    """How each recent commit came to be, from HEAD's reflog: `commit`, `commit (amend)`,
    `rebase (pick)`, `cherry-pick`, … (the oldest entry naming a commit is its creation).
    Empty when the reflog is off or unreadable."""
    out = try_run(["reflog", "show", f"-n{depth}", "--format=%H %gs", "HEAD"], repo) or b""
    reasons: dict[str, str] = {}
    for line in out.decode(errors="replace").splitlines():
        sha, _, subject = line.partition(" ")
        reasons[sha] = subject.split(":", 1)[0]  # newest first: the oldest entry wins
    return reasons
