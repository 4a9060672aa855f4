"""`aura rules list | test`: inspect the active rules and run their self-tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from aura_cli.commands._common import FORMAT_HELP, check_format, cli_errors, print_json

app = typer.Typer(
    help="Inspect and test the active rules.\n\n\b\nExamples:\n  aura rules list\n"
    "  aura rules test",
    no_args_is_help=True,
)


def _effective(repo: Path | None, config: Path | None) -> Any:
    from aura_cli.services import git, knowledge

    out = git.try_run(["rev-parse", "--show-toplevel"], repo or Path.cwd())
    root = Path(out.decode().strip()) if out else None
    return knowledge.effective(root, config)


def _source(rule: Any, eff: Any) -> str:
    """Where a rule's settings come from: built-in, the team map (with version), the repo."""
    origin = eff.origins.get(rule.id)
    team = f"team v{eff.team_version}"
    if origin == "team":
        return team
    if origin == "team+repository":
        return f"{team}+repo"
    if origin == "repository":
        return "repo"
    return "built-in"


@app.command("list", short_help="List the rules in force.")
@cli_errors
def list_rules(
    fmt: Annotated[str, typer.Option("--format", metavar="[text|json]", help=FORMAT_HELP)] = "text",
    all_: Annotated[
        bool, typer.Option("--all", help="Include rules that are switched off.")
    ] = False,
    repo: Annotated[
        Path | None, typer.Option("--repo", metavar="PATH", help="Repository (default: cwd).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="Rules file instead of .aura/rules.yaml."),
    ] = None,
) -> None:
    """List the rules in force: id, severity, pack, source (built-in, team map, repo) and lesson.

    \b
    Examples:
      aura rules list
      aura rules list --all --format json
    """
    from aura_cli.services import engine

    check_format(fmt, ("text", "json"))
    eff = _effective(repo, config)
    rules = [r for r in engine.active_rules(eff.config) if all_ or r.enabled]
    for line in [*eff.notes, *eff.problems]:
        typer.echo(f"note: {line}", err=True)
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
                    "source": _source(r, eff),
                    "map_version": eff.team_version,
                }
                for r in rules
            ]
        )
        return
    for r in rules:
        off = "" if r.enabled else "  (off)"
        typer.echo(
            f"{r.id:<40} {r.severity:<8} {r.pack:<13} {_source(r, eff):<16} "
            f"{r.lesson_id or '-'}{off}"
        )
    team = f"; team map v{eff.team_version}" if eff.team_version is not None else ""
    typer.echo(f"{len(rules)} rules{team}")


@app.command("test", short_help="Run every rule's self-tests.")
@cli_errors
def test_rules(
    fmt: Annotated[str, typer.Option("--format", metavar="[text|json]", help=FORMAT_HELP)] = "text",
    repo: Annotated[
        Path | None, typer.Option("--repo", metavar="PATH", help="Repository (default: cwd).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="Rules file instead of .aura/rules.yaml."),
    ] = None,
) -> None:
    """Run every active rule's self-tests (its good and bad examples); exit 1 on a failure.

    \b
    Example:
      aura rules test --config .aura/rules.yaml
    """
    from aura_cli.services import engine

    check_format(fmt, ("text", "json"))
    results = engine.self_tests(_effective(repo, config).config)
    failed = [r for r in results if not r.ok]
    if fmt == "json":
        print_json([{"rule_id": r.rule_id, "ok": r.ok, "detail": r.detail} for r in results])
    else:
        for r in failed:
            typer.echo(f"FAIL {r.rule_id}: {r.detail}")
        typer.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(1 if failed else 0)
