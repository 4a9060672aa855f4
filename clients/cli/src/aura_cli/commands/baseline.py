"""`aura baseline create | update`: accept today's findings so only new ones block."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aura_cli.commands._common import cli_errors, repo_root

app = typer.Typer(
    help="Record current findings in .aura/baseline.json so only new ones are reported.\n\n\b\n"
    "Examples:\n  aura baseline create\n  aura baseline update",
    no_args_is_help=True,
)


def _write(repo: Path | None, config: Path | None, must_exist: bool, reason: str) -> None:
    from aura_cli.errors import CliError
    from aura_cli.services import engine, git, knowledge

    root = repo_root(repo)
    cfg = knowledge.effective(root, config).config  # team rules are baselined too
    target = Path(cfg.baseline_path or root / ".aura" / "baseline.json")
    if not must_exist and target.exists():
        raise CliError(f"{target} exists; use `aura baseline update`")
    if must_exist and not target.exists():
        raise CliError(f"{target} does not exist; use `aura baseline create`")
    # The baseline must hold every current finding, so audit without the old baseline.
    cfg.baseline_path = None
    report = engine.audit(git.all_diff(root), cfg, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    engine.write_baseline(report, target, reason)
    typer.echo(f"baseline {target.relative_to(root)}: {len(report.findings)} findings recorded")


REASON_HELP = "Why these findings are accepted, stored with each new entry (kept on update)."


@app.command("create", short_help="Write the baseline (never overwrites).")
@cli_errors
def create(
    repo: Annotated[
        Path | None, typer.Option("--repo", metavar="PATH", help="Repository (default: cwd).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="Rules file instead of .aura/rules.yaml."),
    ] = None,
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT", help=REASON_HELP)] = "",
) -> None:
    """Audit every tracked file and write the baseline (refuses to overwrite one).

    \b
    Examples:
      aura baseline create
      aura baseline create --reason "existing code, cleaned up as files are touched"
    """
    _write(repo, config, False, reason)


@app.command("update", short_help="Rewrite the baseline from the tree.")
@cli_errors
def update(
    repo: Annotated[
        Path | None, typer.Option("--repo", metavar="PATH", help="Repository (default: cwd).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="Rules file instead of .aura/rules.yaml."),
    ] = None,
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT", help=REASON_HELP)] = "",
) -> None:
    """Rewrite the existing baseline from the current tree (drops fixed findings).

    Entries that stay keep their reasons.

    \b
    Example:
      aura baseline update
    """
    _write(repo, config, True, reason)
