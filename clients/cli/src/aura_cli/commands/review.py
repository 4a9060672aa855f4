"""`aura review`: audit a pull request's changes for CI (Markdown, SARIF or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aura_cli.commands._common import cli_errors

SHORT = "Audit a pull request for CI."
HELP = """Audit merge-base(BASE, HEAD)..HEAD and render it for a pull request.

Markdown is a PR-comment summary: status, counts, and up to 10 findings, each with a link to
its line (GitHub Actions and GitLab CI), its redacted line and its lesson. SARIF is for code
scanning. When logged in (AURA_API_KEY in CI) the audit and its events are delivered to the
server before exiting, with a short timeout; a delivery failure never changes the exit code,
which is as for `aura audit`.

\b
Examples:
  aura review --base origin/main > aura-review.md
  aura review --base origin/main --format sarif > aura.sarif
"""


@cli_errors
def review(
    base: Annotated[
        str,
        typer.Option(
            "--base", metavar="REF", help="The branch the PR merges into, e.g. origin/main."
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="[markdown|sarif|json]",
            help="Output format (markdown is a PR comment).",
        ),
    ] = "markdown",
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
    lesson_url: Annotated[
        str | None,
        typer.Option(
            "--lesson-url",
            metavar="URL",
            help="Link each lesson, e.g. https://aura.example.com/lessons/{lesson_id} "
            "(default: $AURA_LESSON_URL).",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="Rules file instead of .aura/rules.yaml."),
    ] = None,
) -> None:
    """Audit a pull request's changes (see HELP)."""
    from aura_cli.commands._common import check_format
    from aura_cli.services.audit_runner import AuditRequest, run_audit

    check_format(fmt, ("markdown", "sarif", "json"))
    req = AuditRequest(
        mode="review",
        spec=base,
        repo=repo,
        config=config,
        fmt=fmt,
        fail_on=fail_on,
        lesson_url=lesson_url,
    )
    raise typer.Exit(run_audit(req))
