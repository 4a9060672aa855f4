"""`aura doctor`: check git, config, credentials, server reachability and the event queue."""

from __future__ import annotations

import typer

from aura_cli.commands._common import FORMAT_HELP, check_format, cli_errors, print_json

HELP = """Check git, config, credentials, server reachability and the event queue.

Exit 1 when a check fails (warnings alone exit 0).

\b
Examples:
  aura doctor
  aura doctor --format json
"""


def _checks() -> list[tuple[str, str, str]]:
    import shutil
    from pathlib import Path

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
        last_error = queue.get_meta("last_error") or ""
    depth = f"{counts['pending']} pending ({counts['due']} due), {counts['dead']} dead"
    out.append(("queue", "warn" if counts["dead"] else "ok", depth))
    out.append(("last delivery", "warn" if last_error else "ok", last_error or "no error"))
    return out


@cli_errors
def doctor(fmt: str = typer.Option("text", "--format", help=FORMAT_HELP)) -> None:
    """Run the health checks (see HELP)."""
    check_format(fmt, ("text", "json"))
    checks = _checks()
    if fmt == "json":
        print_json([{"check": c, "status": s, "detail": d} for c, s, d in checks])
    else:
        for check, state, detail in checks:
            typer.echo(f"[{state:^4}] {check:<14} {detail}")
    raise typer.Exit(1 if any(s == "fail" for _, s, _ in checks) else 0)
