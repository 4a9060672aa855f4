"""`aura init`: propose `.aura/rules.yaml` for this repository, then offer a baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aura_cli.commands._common import cli_errors, repo_root

SHORT = "Propose .aura/rules.yaml for this repository."
HELP = """Look at the repository and write a .aura/rules.yaml proposed for it.

Packs are switched on for the languages found; vendored, generated and minified files and
snapshots are excluded; command-line folders (bin/, cli/, scripts/, tools/) may print. The file
lists every built-in rule as a comment. Then the whole tree is audited with it and what remains
is summarised by rule and folder: accept it with `aura baseline create` (or --baseline) so only
new code is held to the rules.

\b
Examples:
  aura init
  aura init --baseline
  aura init --force
"""


@cli_errors
def init(
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing .aura/rules.yaml.")
    ] = False,
    baseline: Annotated[
        bool,
        typer.Option("--baseline", help="Also record what remains in .aura/baseline.json."),
    ] = False,
    repo: Annotated[
        Path | None,
        typer.Option("--repo", metavar="PATH", help="Repository (default: cwd)."),
    ] = None,
) -> None:
    """Propose .aura/rules.yaml (see HELP)."""
    from aura_cli.errors import CliError
    from aura_cli.services import engine, git
    from aura_cli.services.rules_file import inspect, rules_yaml

    root = repo_root(repo)
    target = root / ".aura" / "rules.yaml"
    if target.exists() and not force:
        raise CliError(f"{target} already exists (use --force to overwrite)")
    paths = [p for p in git.run(["ls-files", "-z"], root).decode(errors="replace").split("\0") if p]
    proposal = inspect(paths)
    text = rules_yaml(engine.active_rules(engine.load_config(None, None)), proposal)
    engine.compile_team_map(text, str(target))  # never write a file the engine would refuse
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    found = ", ".join(sorted(proposal.languages)) or "no language the built-in packs know"
    typer.echo(f"wrote {target.relative_to(root)} ({len(paths)} files; {found})")
    if proposal.excluded:
        typer.echo(f"  excluded: {', '.join(proposal.excluded)}")
    if proposal.cli_dirs:
        typer.echo(f"  command-line folders may print: {', '.join(proposal.cli_dirs)}")
    _what_remains(root, baseline)


def _what_remains(root: Path, baseline: bool) -> None:
    """Audit the whole tree with the new file, summarise it, and baseline it when asked."""
    from aura_cli.services import engine, git, knowledge, render

    config = knowledge.effective(root).config
    if baseline:
        config.baseline_path = None  # the baseline must hold every current finding
    report = engine.audit(git.all_diff(root), config, root)
    findings = list(report.findings)
    if not findings:
        typer.echo("the whole tree passes these rules")
        return
    typer.echo(render.summary(findings, title=f"{len(findings)} findings in the existing code"))
    if baseline:
        base = root / ".aura" / "baseline.json"
        engine.write_baseline(report, base, "existing code when Aura was set up (aura init)")
        typer.echo(f"recorded them in {base.relative_to(root)}: only new findings will block")
    else:
        typer.echo(
            "accept them with `aura baseline create` so only new code is held to the rules, "
            "or tune .aura/rules.yaml first"
        )
