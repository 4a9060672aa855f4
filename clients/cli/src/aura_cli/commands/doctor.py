"""`aura doctor`: check git, config, credentials, server reachability and the event queue."""

from __future__ import annotations

from pathlib import Path

import typer

from aura_cli.commands._common import FORMAT_HELP, check_format, cli_errors, print_json

HELP = """Check git, config, credentials, the server, the queue, the team map and the rules.

The knowledge map check says which team map version audits apply and, when it is not the
newest, why (a damaged cache file, a failed refresh).

Exit 1 when a check fails (warnings alone exit 0).

\b
Examples:
  aura doctor
  aura doctor --format json
"""


def _checks() -> list[tuple[str, str, str]]:
    import shutil

    from aura_cli.config import credentials, settings
    from aura_cli.errors import CliError
    from aura_cli.services import git, http
    from aura_cli.services.event_queue import EventQueue, queue_path

    out: list[tuple[str, str, str]] = []
    git_exe = shutil.which("git")
    out.append(("git", "ok" if git_exe else "fail", git_exe or "git not found on PATH"))
    repo = git.try_run(["rev-parse", "--show-toplevel"], Path.cwd())
    out.append(
        (
            "repository",
            "ok" if repo else "warn",
            repo.decode().strip() if repo else "not inside a git repository",
        )
    )
    try:
        config = settings.load_config()
        out.append(("config", "ok", str(settings.config_path())))
    except CliError as exc:
        out.append(("config", "fail", exc.message))
        config = {}
    token, source = credentials.resolve_token(config)
    out.append(
        (
            "credentials",
            "ok" if token else "warn",
            f"token from {source}" if token else "not logged in (aura login)",
        )
    )
    url = str(settings.get_key(config, "api_url"))
    try:
        resp = http.request("GET", http.join(url, "/health/live"), timeout=3.0)
        ok = resp.status == 200
        out.append(("server", "ok" if ok else "fail", f"{url} answered {resp.status}"))
    except http.Unreachable as exc:
        out.append(("server", "warn" if not token else "fail", f"unreachable: {exc}"))
    with EventQueue(queue_path()) as queue:
        counts = queue.counts()
        audits = queue.counts(table="audits")
        last_error = queue.get_meta("last_error") or ""
    depth = f"{counts['pending']} pending ({counts['due']} due), {counts['dead']} dead"
    depth += f"; audits {audits['pending']} pending, {audits['dead']} dead"
    out.append(("queue", "warn" if counts["dead"] or audits["dead"] else "ok", depth))
    out.append(("last delivery", "warn" if last_error else "ok", last_error or "no error"))
    out.extend(_knowledge_checks(Path(repo.decode().strip()) if repo else None, bool(token)))
    return out


def _knowledge_checks(root: Path | None, logged_in: bool) -> list[tuple[str, str, str]]:
    """The team knowledge map in use (and why not the newest) and the repository's rules."""
    import time

    from aura_cli.errors import CliError
    from aura_cli.services import knowledge, knowledge_cache

    out: list[tuple[str, str, str]] = []
    entry = knowledge_cache.active_entry()
    try:
        eff = knowledge.effective(root)
        rules_problem = None
    except CliError as exc:
        eff = knowledge.effective(None)
        rules_problem = exc.message
    if entry is None:
        hint = "not synced yet (aura sync)" if logged_in else "none (log in and run aura sync)"
        out.append(("knowledge map", "warn" if logged_in else "ok", hint))
    else:
        state = knowledge_cache.read_state(entry["api_url"], entry["team_id"])
        checked = state.get("checked_at")
        age = f", checked {_ago(time.time() - checked)} ago" if isinstance(checked, float) else ""
        if eff.cached is not None:
            detail = f"team {entry['team_id']} version {eff.cached.version}{age}"
        else:
            detail = "no usable cached map; built-in rules and the repository's only"
        problems = list(eff.problems)
        if state.get("last_error"):
            problems.append(f"last refresh failed: {state['last_error']}")
        status = "warn" if problems or eff.cached is None else "ok"
        out.append(("knowledge map", status, "; ".join([detail, *problems])))
    if rules_problem is not None:
        out.append(("rules", "fail", rules_problem))
    elif eff.notes:
        out.append(("rules", "warn", "; ".join(eff.notes)))
    else:
        source = eff.config.source or "built-in defaults"
        out.append(("rules", "ok", str(source)))
    return out


def _ago(seconds: float) -> str:
    if seconds < 120:
        return f"{int(seconds)} s"
    if seconds < 7200:
        return f"{int(seconds // 60)} min"
    if seconds < 172800:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"


@cli_errors
def doctor(
    fmt: str = typer.Option("text", "--format", metavar="[text|json]", help=FORMAT_HELP),
) -> None:
    """Run the health checks (see HELP)."""
    check_format(fmt, ("text", "json"))
    checks = _checks()
    if fmt == "json":
        print_json([{"check": c, "status": s, "detail": d} for c, s, d in checks])
    else:
        for check, state, detail in checks:
            typer.echo(f"[{state:^4}] {check:<14} {detail}")
    raise typer.Exit(1 if any(s == "fail" for _, s, _ in checks) else 0)
