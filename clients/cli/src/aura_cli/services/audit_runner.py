"""The audit flow shared by `aura audit`, the git hooks and `aura review`.

Collect a diff (bytes), run the engine, print the chosen format, then do the local bookkeeping:
queue events, remember approved trees, notice bypassed hooks and struggle. Bookkeeping never
changes the verdict and never raises: a broken queue must not block a commit.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from aura_cli.errors import EXIT_FINDINGS, EXIT_OK, CliError
from aura_cli.services import engine, git

FORMATS = ("text", "json", "sarif")
FAIL_ON = ("error", "warning", "never")
REVIEW_TIMEOUT_S = 5.0  # `aura review` talks to the server in CI, synchronously but briefly


@dataclass
class AuditRequest:
    """What to audit and how to report it."""

    mode: str = "staged"  # staged | range | diff | all | push | review
    spec: str | None = None  # the range, the diff file ("-" = stdin), or the review base
    repo: Path | None = None
    config: Path | None = None
    fmt: str = "text"
    fail_on: str = "error"
    hook: str | None = None  # set when a git hook is the caller
    lesson_url: str | None = None  # review: link template with {lesson_id}
    push_lines: bytes = b""  # pre-push hook stdin


def hook_request(name: str) -> AuditRequest:
    """The audit a git hook runs: staged changes for pre-commit, pushed commits for pre-push."""
    if name == "pre-push":
        import os

        lines = b"" if sys.stdin.isatty() else sys.stdin.buffer.read()
        # The pre-commit framework passes the pushed range in env vars instead of stdin.
        src, dst = os.environ.get("PRE_COMMIT_TO_REF"), os.environ.get("PRE_COMMIT_FROM_REF")
        if not lines.strip() and src and dst:
            lines = f"HEAD {src} {os.environ.get('PRE_COMMIT_REMOTE_BRANCH', 'x')} {dst}\n".encode()
        return AuditRequest(mode="push", hook=name, push_lines=lines)
    return AuditRequest(mode="staged", hook=name)


def _repo_root(req: AuditRequest) -> Path | None:
    start = req.repo.resolve() if req.repo else Path.cwd()
    if req.mode == "diff":
        out = git.try_run(["rev-parse", "--show-toplevel"], start)
        return Path(out.decode().strip()) if out else req.repo
    return git.toplevel(start)


def collect_diff(req: AuditRequest, root: Path | None) -> bytes:
    """The diff bytes for the request's mode (stdin and files are read as bytes, untouched)."""
    if req.mode == "diff":
        if req.spec in (None, "-"):
            return sys.stdin.buffer.read()
        try:
            return Path(str(req.spec)).read_bytes()
        except OSError as exc:
            raise CliError(f"cannot read diff {req.spec}: {exc.strerror}") from None
    assert root is not None
    if req.mode == "staged":
        return git.staged_diff(root)
    if req.mode == "all":
        return git.all_diff(root)
    if req.mode == "range":
        return git.range_diff(str(req.spec), root)
    if req.mode == "review":
        base = git.merge_base(str(req.spec), "HEAD", root)
        return git.diff([base, "HEAD", "--"], root)
    if req.mode == "push":
        from aura_cli.services.hooks import push_ranges

        return b"".join(git.diff([b, t, "--"], root) for b, t in push_ranges(req.push_lines, root))
    raise CliError(f"unknown audit mode {req.mode}")


def run_audit(req: AuditRequest, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Audit per `req`, print the result, record it; return exit code 0 (pass) or 1 (fail).

    Usage and configuration problems raise CliError (exit 2).
    """
    from aura_cli.services import bookkeeping, knowledge

    out = out or sys.stdout
    err = err or sys.stderr
    if req.fmt not in (*FORMATS, "markdown"):
        raise CliError(f"unknown format {req.fmt!r}; choose from {', '.join(FORMATS)}")
    if req.fail_on not in FAIL_ON:
        raise CliError(f"unknown --fail-on {req.fail_on!r}; choose from {', '.join(FAIL_ON)}")
    root = _repo_root(req)
    if req.mode == "review":
        _refresh_map_for_review(err)
    eff = knowledge.effective(root, req.config)
    diff = collect_diff(req, root)
    report = engine.audit(diff, eff.config, root)
    status = engine.status(report, req.fail_on)
    _print_report(req, report, status, out)
    for line in [*eff.notes, *eff.problems]:
        print(f"aura: note: {line}", file=err)
    if eff.problems:
        print("aura: note: run `aura doctor` for the knowledge map's state", file=err)
    outcome = bookkeeping.Outcome(
        req, root, report, status, config=eff.config, diff=diff, map_version=eff.team_version
    )
    if root is not None and req.mode == "staged" and status == "pass":
        # Read the index now: once the commit is made a temporary index (commit -a) is gone.
        outcome.tree = git.write_tree(root)
    bookkeeping.record(outcome, out if req.fmt == "text" else err)
    return EXIT_FINDINGS if status == "fail" else EXIT_OK


def _refresh_map_for_review(err: TextIO) -> None:
    """In CI nobody ran `aura sync`: fetch the team map now (short timeout, never fatal)."""
    from aura_cli.config import credentials, settings
    from aura_cli.services import knowledge_sync

    try:
        config = settings.load_config()
        token, _ = credentials.resolve_token(config)
        if token:
            result = knowledge_sync.refresh(config, token, timeout=REVIEW_TIMEOUT_S)
            if result.state == "failed":
                print(f"aura: note: team map not refreshed: {result.message}", file=err)
    except CliError as exc:
        print(f"aura: note: team map not refreshed: {exc.message}", file=err)


def _print_report(req: AuditRequest, report: Any, status: str, out: TextIO) -> None:
    from aura_cli.services import render

    if req.fmt == "json":
        out.write(json.dumps(engine.report_dict(report, req.fail_on), indent=2) + "\n")
    elif req.fmt == "sarif":
        out.write(engine.render(report, "sarif", req.fail_on).rstrip("\n") + "\n")
    elif req.fmt == "markdown":
        root = req.repo.resolve() if req.repo else Path.cwd()
        commit = git.rev_parse("HEAD", root)
        lessons = req.lesson_url or os.environ.get("AURA_LESSON_URL") or None
        out.write(
            render.markdown(report, status, base=str(req.spec), lesson_url=lessons, commit=commit)
        )
    else:
        out.write(render.text(report, status, render.use_color(out)))
        if req.mode == "all" and report.findings:
            # The whole tree at once: say where the findings gather so the rules can be tuned.
            title = f"{len(report.findings)} findings across the repository"
            out.write(render.summary(list(report.findings), title=title) + "\n")
            out.write("tune .aura/rules.yaml, or accept them with `aura baseline create`\n")
    out.flush()
