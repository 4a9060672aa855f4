"""`aura audit`: audit staged changes, a commit range, a diff file or the whole tree."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aura_cli.commands._common import cli_errors

SHORT = "Audit staged changes, a range, a diff or every file."
HELP = """Audit a diff against the active rules.

Only added lines are audited. Exit 0 when nothing reaches --fail-on, 1 when something does,
2 on usage or configuration errors (the message goes to stderr).

\b
Examples:
  aura audit --staged
  aura audit --range origin/main..HEAD --format json
  git diff | aura audit --diff -
  aura audit --all --fail-on warning
"""


@cli_errors
def audit(
    staged: Annotated[
        bool, typer.Option("--staged", help="Audit the index against HEAD (default).")
    ] = False,
    range_: Annotated[
        str | None, typer.Option("--range", metavar="A..B", help="Audit a commit range A..B.")
    ] = None,
    diff: Annotated[
        str | None,
        typer.Option("--diff", metavar="FILE|-", help="Audit a unified diff file, - for stdin."),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Audit every tracked file as if added.")
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="[text|json|sarif]",
            help="Output format; json and sarif put only that document on stdout.",
        ),
    ] = "text",
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="[error|warning|never]",
            help="Lowest severity that fails the audit.",
        ),
    ] = "error",
    repo: Annotated[
        Path | None, typer.Option("--repo", metavar="PATH", help="Repository root (default: cwd).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="Rules file instead of .aura/rules.yaml."),
    ] = None,
) -> None:
    """Audit a diff against the active rules (see HELP)."""
    from aura_cli.errors import CliError
    from aura_cli.services.audit_runner import AuditRequest, run_audit

    modes = [
        m
        for m, on in (
            ("staged", staged),
            ("range", range_ is not None),
            ("diff", diff is not None),
            ("all", all_),
        )
        if on
    ]
    if len(modes) > 1:
        raise CliError("choose one of --staged, --range, --diff, --all")
    req = AuditRequest(
        mode=modes[0] if modes else "staged",
        spec=range_ if range_ is not None else diff,
        repo=repo,
        config=config,
        fmt=fmt,
        fail_on=fail_on,
    )
    raise typer.Exit(run_audit(req))
