"""`aura sync`: deliver queued events and audits now, and pull the team knowledge map."""

from __future__ import annotations

import typer

from aura_cli.commands._common import FORMAT_HELP, check_format, cli_errors, print_json

SHORT = "Send events and audits, pull the team map."
HELP = """Send queued events and audits to the server and pull your team's knowledge map.

The map (team rules and lessons) is stored in your Aura folder and applied by every audit,
offline too, until the next sync. Exit 1 when the server could not be reached or refused the
token; a team map that does not validate keeps the last good one and is reported.

\b
Examples:
  aura sync
  aura sync --format json
"""


@cli_errors
def sync(
    fmt: str = typer.Option("text", "--format", metavar="[text|json]", help=FORMAT_HELP),
) -> None:
    """Deliver events and pull the knowledge map (see HELP)."""
    from aura_cli.config import credentials, profiles, settings
    from aura_cli.errors import CliError
    from aura_cli.services import knowledge_sync
    from aura_cli.services.delivery import deliver
    from aura_cli.services.event_queue import EventQueue, queue_path

    check_format(fmt, ("text", "json"))
    config = settings.load_config()
    token, _ = credentials.resolve_token(config)
    if not token:
        raise CliError("not logged in (run `aura login` or set AURA_API_KEY)", exit_code=1)
    with EventQueue(queue_path()) as queue:
        result = deliver(queue, profiles.api_url(config), token, force=True)
    refresh = knowledge_sync.refresh(config, token)
    if fmt == "json":
        print_json(
            {
                **result.as_dict(),
                "knowledge_map": {
                    "state": refresh.state,
                    "version": refresh.version,
                    "message": refresh.message,
                },
            }
        )
    else:
        typer.echo(
            f"events: sent {result.sent} ({result.accepted} accepted, {result.duplicates} "
            f"duplicates, {result.rejected} rejected), {result.remaining} remaining"
            + (f", {result.dead} dead" if result.dead else "")
        )
        typer.echo(f"audits: sent {result.audits_sent}, {result.audits_remaining} remaining")
        for message in result.rejected_errors[:5]:
            typer.echo(f"  rejected: {message}", err=True)
        typer.echo(f"knowledge map: {refresh.state}, {refresh.message}")
    if result.error:
        typer.echo(f"aura: {result.error} (events stay queued)", err=True)
    if result.error or refresh.state == "failed":
        raise typer.Exit(1)
