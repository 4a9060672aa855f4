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


# The options as types, so the command's signature reads as a list.
Base = Annotated[
    str,
    typer.Option("--base", metavar="REF", help="The branch the PR merges into, e.g. origin/main."),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="[markdown|sarif|json]",
        help="Output format (markdown is a PR comment).",
    ),
]
FailOn = Annotated[
    str,
    typer.Option(
        "--fail-on", metavar="[error|warning|never]", help="Lowest severity that fails the audit."
    ),
]
Repo = Annotated[
    Path | None,
    typer.Option("--repo", metavar="PATH", help="Repository root (default: cwd)."),
]
LessonUrl = Annotated[
    str | None,
    typer.Option(
        "--lesson-url",
        metavar="URL",
        help="Link each lesson, e.g. https://aura.example.com/lessons/{lesson_id} "
        "(default: $AURA_LESSON_URL).",
    ),
]
Config = Annotated[
    Path | None,
    typer.Option("--config", metavar="FILE", help="Rules file instead of .aura/rules.yaml."),
]


@cli_errors
def review(
    base: Base,
    fmt: Format = "markdown",
    fail_on: FailOn = "error",
    repo: Repo = None,
    lesson_url: LessonUrl = None,
    config: Config = None,
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
