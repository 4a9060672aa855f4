"""`aura learn`: show a lesson in the terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from aura_cli.commands._common import cli_errors

HELP = """Show the lesson for a rule id or a lesson id.

\b
Examples:
  aura learn secrets/aws-access-key
  aura learn secrets-in-code
"""


@cli_errors
def learn(
    key: Annotated[
        str, typer.Argument(help="A rule id (e.g. secrets/aws-access-key) or lesson id.")
    ],
) -> None:
    """Show a lesson (see HELP)."""
    from aura_cli.errors import CliError
    from aura_cli.services import engine, render

    lesson = engine.find_lesson(key)
    if lesson is None:
        raise CliError(f"no lesson found for {key!r} (try `aura rules list`)", exit_code=1)
    typer.echo(render.lesson_text(lesson), nl=False)
