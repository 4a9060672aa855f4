"""`aura learn`: show a lesson in the terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from aura_cli.commands._common import cli_errors

HELP = """Show the lesson for a rule id or a lesson id (built-in or from your team's map).

\b
Examples:
  aura learn secrets/aws-access-key
  aura learn secrets-in-code
"""


@cli_errors
def learn(
    key: Annotated[
        str,
        typer.Argument(
            metavar="RULE_ID|LESSON_ID",
            help="A rule id (e.g. secrets/aws-access-key) or lesson id.",
        ),
    ],
) -> None:
    """Show a lesson (see HELP)."""
    from pathlib import Path

    from aura_cli.errors import CliError
    from aura_cli.services import engine, git, knowledge, render

    # A broken repository rules file must not hide a lesson: fall back to no repository.
    out = git.try_run(["rev-parse", "--show-toplevel"], Path.cwd())
    try:
        eff = knowledge.effective(Path(out.decode().strip()) if out else None)
    except CliError:
        eff = knowledge.effective(None)
    lesson = engine.find_lesson(key, eff.lesson_dirs(), eff.config)
    if lesson is None:
        raise CliError(f"no lesson found for {key!r} (try `aura rules list`)", exit_code=1)
    typer.echo(render.lesson_text(lesson, rule_id=key), nl=False)
