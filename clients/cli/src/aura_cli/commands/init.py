"""`aura init`: write `.aura/rules.yaml` listing the built-in rule packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aura_cli.commands._common import cli_errors, repo_root

SHORT = "Propose .aura/rules.yaml for this repository."
HELP = """Write .aura/rules.yaml listing the built-in packs and their rules.

Edit it to disable or re-level rules, or to add team rules.

\b
Examples:
  aura init
  aura init --force
"""


@cli_errors
def init(
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing .aura/rules.yaml.")
    ] = False,
    repo: Annotated[
        Path | None, typer.Option("--repo", metavar="PATH", help="Repository (default: cwd).")
    ] = None,
) -> None:
    """Write .aura/rules.yaml (see HELP)."""
    from aura_cli.errors import CliError
    from aura_cli.services import engine
    from aura_cli.services.rules_file import rules_yaml

    root = repo_root(repo)
    target = root / ".aura" / "rules.yaml"
    if target.exists() and not force:
        raise CliError(f"{target} already exists (use --force to overwrite)")
    config = engine.load_config(None, None)
    text = rules_yaml(engine.active_rules(config))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    typer.echo(f"wrote {target.relative_to(root)}")
