"""`aura hook install | uninstall | status` (and the internal `hook run` the scripts call)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aura_cli.commands._common import FORMAT_HELP, cli_errors, print_json, repo_root

app = typer.Typer(
    help="Manage Aura's git hooks.\n\n\b\nExamples:\n  aura hook install --pre-push\n"
    "  aura hook status",
    no_args_is_help=True,
)


@app.command("install", short_help="Install the pre-commit (and pre-push) hook.")
@cli_errors
def install(
    pre_push: Annotated[
        bool, typer.Option("--pre-push", help="Also audit the commits being pushed.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a foreign hook instead of refusing.")
    ] = False,
    repo: Annotated[
        Path | None, typer.Option("--repo", metavar="PATH", help="Repository (default: cwd).")
    ] = None,
) -> None:
    """Install the pre-commit hook (and with --pre-push the pre-push hook).

    An existing hook is kept as <hook>.aura-orig and run first.

    \b
    Examples:
      aura hook install
      aura hook install --pre-push
    """
    from aura_cli.services import hooks
    from aura_cli.services.repo_state import RepoState

    root = repo_root(repo)
    names = ["pre-commit", "pre-push"] if pre_push else ["pre-commit"]
    for name in names:
        typer.echo(hooks.install(root, name, force=force))
    with RepoState(root) as state:
        state.start_tracking()


@app.command("uninstall", short_help="Remove the hooks, restoring the old ones.")
@cli_errors
def uninstall(
    repo: Annotated[
        Path | None, typer.Option("--repo", metavar="PATH", help="Repository (default: cwd).")
    ] = None,
) -> None:
    """Remove Aura's hooks and restore exactly the hooks that were there before.

    \b
    Example:
      aura hook uninstall
    """
    from aura_cli.services import hooks

    done = hooks.uninstall(repo_root(repo))
    typer.echo("\n".join(done) if done else "no Aura hooks installed")


@app.command("status", short_help="Show which hooks are installed.")
@cli_errors
def status(
    fmt: Annotated[str, typer.Option("--format", metavar="[text|json]", help=FORMAT_HELP)] = "text",
    repo: Annotated[
        Path | None, typer.Option("--repo", metavar="PATH", help="Repository (default: cwd).")
    ] = None,
) -> None:
    """Show which hooks are installed, chained or foreign.

    \b
    Example:
      aura hook status --format json
    """
    from aura_cli.commands._common import check_format
    from aura_cli.services import hooks

    check_format(fmt, ("text", "json"))
    found = hooks.status(repo_root(repo))
    if fmt == "json":
        print_json([s.as_dict() for s in found])
        return
    for s in found:
        chained = " (chains the previous hook)" if s.chained else ""
        typer.echo(f"{s.name:<11} {s.state}{chained}  {s.path}")


@app.command("run", hidden=True)
@cli_errors
def run_hook(
    name: Annotated[
        str, typer.Argument(metavar="[pre-commit|pre-push]", help="The hook git runs.")
    ],
    extra: Annotated[
        list[str] | None, typer.Argument(metavar="ARGS", help="Arguments git passes to the hook.")
    ] = None,
) -> None:
    """Run the audit a hook script asks for (used by the installed scripts).

    \b
    Example:
      aura hook run pre-commit
    """
    from aura_cli.errors import CliError
    from aura_cli.services.audit_runner import hook_request, run_audit

    if name not in ("pre-commit", "pre-push"):
        raise CliError(f"unknown hook {name!r}")
    raise typer.Exit(run_audit(hook_request(name)))
