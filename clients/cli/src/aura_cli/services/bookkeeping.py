"""What an audit leaves behind besides its output: events, the audit record, hook state.

The verdict is printed before any of this runs, and none of it may change the verdict or fail:
a broken queue must not block a commit. A passing audit run from the console does its
bookkeeping in a forked child that has let go of the terminal, so the commit does not wait for
SQLite and git plumbing (the hook's latency budget); a failing one stays in the foreground
because struggle detection prints a lesson right there. Notices the child finds (a bypassed
hook) are printed by the next audit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aura_cli.services import engine, git

if TYPE_CHECKING:
    from aura_cli.services.audit_runner import AuditRequest
    from aura_cli.services.events import EventFactory

# The console entry point sets this; library callers and in-process tests stay single-process.
DETACH = False
MAX_AUDIT_FINDINGS = 2000  # the server's limit per audit
NOTICES = "notices.txt"


@dataclass
class Outcome:
    """One finished audit, with what the bookkeeping needs to describe it."""

    req: AuditRequest
    root: Path | None
    report: Any
    status: str
    config: Any = None  # the EngineConfig the audit used
    diff: bytes = b""
    map_version: int | None = None
    tree: str | None = None  # the index tree a passing staged audit approved
    audit_id: str = ""  # the audit record's client id, made when the record is


def _new_id() -> str:
    import uuid  # imported when a record is made, after the verdict is out

    return str(uuid.uuid4())


def record(outcome: Outcome, notes: TextIO) -> None:
    """Queue events and the audit record, update hook state, start delivery. Never raises."""
    if outcome.root is not None and outcome.req.mode in ("staged", "push"):
        _print_notices(outcome.root, notes)
    if outcome.status == "pass" and outcome.req.mode != "review" and _can_detach():
        _detached(lambda: _record(outcome, None))
        return
    try:
        _record(outcome, notes)
    except Exception as exc:
        if outcome.req.hook is None and outcome.req.mode != "review":
            print(f"aura: warning: could not record events: {exc}", file=notes)


def _can_detach() -> bool:
    # AURA_SYNC_BOOKKEEPING=1 is for scripts that read the queue right after a command.
    return DETACH and os.name == "posix" and not os.environ.get("AURA_SYNC_BOOKKEEPING")


def _detached(work: Callable[[], None]) -> None:
    """Run `work` in a forked child that has let go of the terminal.

    The parent returns at once. The child starts a new session and points its standard
    streams at /dev/null, so a caller that collects the hook's output through pipes (the
    pre-commit framework) sees them close when the parent exits.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        _quietly(work)
        return
    if pid:
        return
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        _quietly(work)
    finally:
        os._exit(0)


def _quietly(work: Callable[[], None]) -> None:
    try:
        work()
    except Exception:  # bookkeeping is best effort; the audit's verdict is already out
        return


def _record(outcome: Outcome, notes: TextIO | None) -> None:
    from aura_cli.config import credentials, settings
    from aura_cli.services import events

    req, root = outcome.req, outcome.root
    user_config = settings.load_config()
    repo_name = git.repo_name(root) if root else None
    factory = events.factory_for(repo_name, user_config)
    if req.mode == "review":
        factory.source = "ci"
    # Hook state first: bypass and struggle tracking must not depend on event building.
    extra: list[dict[str, Any]] = []
    if root is not None and req.mode in ("staged", "push"):
        extra = _hook_state(outcome, factory, notes)
    context = events.AuditContext(
        map_version=outcome.map_version,
        pre_existing=req.mode == "all",
        exercised=tuple(_exercised(outcome)) if outcome.status == "pass" else (),
    )
    mode = req.hook or req.mode
    queued = factory.for_report(outcome.report, outcome.status, req.fail_on, mode, context)
    events.enqueue(queued + extra)
    token, _ = credentials.resolve_token(user_config)
    if token:
        events.enqueue([audit_record(outcome, factory, repo_name)], table="audits")
    auto = (user_config.get("sync") or {}).get("auto", True)
    if token and req.mode == "review":
        _deliver_now(user_config, token, notes)
    elif token and auto:
        from aura_cli.services.delivery import spawn_background

        spawn_background()


def _deliver_now(user_config: dict[str, Any], token: str, notes: TextIO | None) -> None:
    """`aura review` in CI: no later run will deliver, so send now with a short timeout."""
    from aura_cli.config import profiles
    from aura_cli.services.audit_runner import REVIEW_TIMEOUT_S
    from aura_cli.services.delivery import deliver
    from aura_cli.services.event_queue import EventQueue, queue_path

    with EventQueue(queue_path()) as queue:
        result = deliver(
            queue, profiles.api_url(user_config), token, force=True, timeout=REVIEW_TIMEOUT_S
        )
    if notes is not None:
        if result.error:
            print(f"aura: note: results not delivered ({result.error}); exit code unchanged",
                  file=notes)  # fmt: skip
        else:
            print(f"aura: delivered the audit and {result.sent} events", file=notes)


def _exercised(outcome: Outcome) -> list[str]:
    if outcome.config is None or not outcome.diff:
        return []
    return engine.rules_exercised(outcome.diff, outcome.config)


def audit_record(outcome: Outcome, factory: EventFactory, repo_name: str | None) -> dict[str, Any]:
    """The body for `POST /api/v1/audits`: findings JSON v1 plus where it ran, with a client id."""
    doc = engine.report_dict(outcome.report, outcome.req.fail_on)
    findings = doc.get("findings") or []
    stats = dict(doc.get("stats") or {})
    stats["mode"] = outcome.req.hook or outcome.req.mode
    if outcome.map_version is not None:
        stats["map_version"] = outcome.map_version
    if len(findings) > MAX_AUDIT_FINDINGS:
        stats["findings_total"] = len(findings)
        findings = findings[:MAX_AUDIT_FINDINGS]
    for f in findings:  # the snippet is redacted by the engine; messages may echo a match
        f["message"] = engine.redact(str(f.get("message", "")))
    body: dict[str, Any] = {
        **doc,
        "findings": findings,
        "stats": stats,
        "id": outcome.audit_id or _new_id(),
        "source": factory.source,
        "repo": repo_name,
    }
    if outcome.root is not None:
        commit, ref = _commit_and_ref(outcome)
        body["commit"], body["ref"] = commit, ref
    return body


def _commit_and_ref(outcome: Outcome) -> tuple[str | None, str | None]:
    root = outcome.root
    assert root is not None
    mode = outcome.req.mode
    if mode in ("staged", "all"):
        commit = None  # the audited change is not a commit (yet)
    elif mode == "range":
        commit = git.rev_parse(str(outcome.req.spec).split("..")[-1] or "HEAD", root)
    else:
        commit = git.rev_parse("HEAD", root)
    out = git.try_run(["symbolic-ref", "--short", "-q", "HEAD"], root)
    ref = out.decode(errors="replace").strip() if out else None
    return commit, ref or None


def _hook_state(
    outcome: Outcome, factory: EventFactory, notes: TextIO | None
) -> list[dict[str, Any]]:
    """Approve the tree, detect bypassed commits and struggle; returns the extra events."""
    from aura_cli.services import events
    from aura_cli.services.repo_state import RepoState

    root = outcome.root
    assert root is not None
    extra: list[dict[str, Any]] = []
    with RepoState(root) as state:
        state.start_tracking()
        if outcome.tree:
            state.approve_tree(outcome.tree)
        for commit in state.find_bypasses():
            _notice(
                root,
                f"aura: commit {commit[:12]} skipped the pre-commit audit (--no-verify); "
                "reported as hook.bypassed",
                notes,
            )
            extra.append(factory.make("hook.bypassed", data={"commit": commit}))
        if outcome.status == "fail":
            findings = outcome.report.findings
            blocking = set(events.blocking_rules(findings, outcome.req.fail_on))
            for rule_id in state.record_block(blocking):
                extra.append(_struggle(rule_id, factory, notes))
    return extra


def _notice(root: Path, text: str, notes: TextIO | None) -> None:
    """Print now when in the foreground, else keep it for the next audit to print."""
    if notes is not None:
        print(text, file=notes)
        return
    path = git.common_dir(root) / "aura" / NOTICES
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text + "\n")


def _print_notices(root: Path, notes: TextIO) -> None:
    try:
        path = git.common_dir(root) / "aura" / NOTICES
        text = path.read_text(encoding="utf-8")
        path.unlink()
    except OSError:
        return
    notes.write(text)


def _struggle(rule_id: str, factory: EventFactory, notes: TextIO | None) -> dict[str, Any]:
    from aura_cli.services import render
    from aura_cli.services.repo_state import STRUGGLE_THRESHOLD

    lesson = engine.lesson_for_rule(rule_id)
    if notes is not None:
        print(
            f"\naura: {rule_id} has blocked {STRUGGLE_THRESHOLD} commits in the last 30 minutes. "
            "Here is the lesson behind it:\n",
            file=notes,
        )
        if lesson is not None:
            print(render.lesson_text(lesson, render.use_color(notes), rule_id), file=notes)
    return factory.make(
        "struggle.detected",
        rule_id=rule_id,
        lesson_id=getattr(lesson, "id", None),
        data={"signal": "repeated_block", "count": STRUGGLE_THRESHOLD, "window_s": 1800},
    )
