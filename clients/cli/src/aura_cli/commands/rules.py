"""`aura rules list | test`: inspect the active rules and run their self-tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aura_cli.commands._common import FORMAT_HELP, check_format, cli_errors, print_json

app = typer.Typer(
    help="Inspect and test the active rules.\n\n\b\nExamples:\n  aura rules list\n"
    "  aura rules test",
    no_args_is_help=True,
)


def _config(repo: Path | None, config: Path | None) -> object:
    from aura_cli.services import engine, git

    out = git.try_run(["rev-parse", "--show-toplevel"], repo or Path.cwd())
    root = Path(out.decode().strip()) if out else None
    return engine.load_config(root, config)


@app.command("list")
@cli_errors
def list_rules(
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "text",
    all_: Annotated[
        bool, typer.Option("--all", help="Include rules that are switched off.")
    ] = False,
    repo: Annotated[Path | None, typer.Option("--repo", help="Repository (default: cwd).")] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Rules file instead of .aura/rules.yaml.")
    ] = None,
) -> None:
    """List the rules in force: id, severity, pack and lesson.

    \b
    Examples:
      aura rules list
      aura rules list --all --format json
    """
    from aura_cli.services import engine

    check_format(fmt, ("text", "json"))
    rules = [r for r in engine.active_rules(_config(repo, config)) if all_ or r.enabled]  # type: ignore[arg-type]
    if fmt == "json":
        print_json(
            [
                {
                    "id": r.id,
                    "category": r.category,
                    "severity": r.severity,
                    "pack": r.pack,
                    "lesson_id": r.lesson_id,
                    "enabled": r.enabled,
                    "message": r.message,
                }
                for r in rules
            ]
        )
        return
    for r in rules:
        off = "" if r.enabled else "  (off)"
        typer.echo(f"{r.id:<40} {r.severity:<8} {r.pack:<13} {r.lesson_id or '-'}{off}")
    typer.echo(f"{len(rules)} rules")


@app.command("test")
@cli_errors
def test_rules(
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "text",
    repo: Annotated[Path | None, typer.Option("--repo", help="Repository (default: cwd).")] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Rules file instead of .aura/rules.yaml.")
    ] = None,
) -> None:
    """Run every active rule's self-tests (its good and bad examples); exit 1 on a failure.

    \b
    Example:
      aura rules test --config .aura/rules.yaml
    """
    from aura_cli.services import engine

    check_format(fmt, ("text", "json"))
    results = engine.self_tests(_config(repo, config))  # type: ignore[arg-type]
    failed = [r for r in results if not r.ok]
    if fmt == "json":
        print_json([{"rule_id": r.rule_id, "ok": r.ok, "detail": r.detail} for r in results])
    else:
        for r in failed:
            typer.echo(f"FAIL {r.rule_id}: {r.detail}")
        typer.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(1 if failed else 0)
