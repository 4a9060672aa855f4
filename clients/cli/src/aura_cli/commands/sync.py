"""`aura sync`: deliver queued events now and pull the team knowledge map when it exists."""

from __future__ import annotations

import typer

from aura_cli.commands._common import FORMAT_HELP, check_format, cli_errors, print_json

HELP = """Send queued events to the server and pull team rules and lessons.

Reports sent, duplicates, rejected and remaining events. A server without a knowledge map yet
(404) is not an error. Exit 1 when the server could not be reached or refused the token.

\b
Examples:
  aura sync
  aura sync --format json
"""


@cli_errors
def sync(fmt: str = typer.Option("text", "--format", help=FORMAT_HELP)) -> None:
    """Deliver events (see HELP)."""
    from aura_cli.config import credentials, settings
    from aura_cli.errors import CliError
    from aura_cli.services import http
    from aura_cli.services.delivery import deliver
    from aura_cli.services.event_queue import EventQueue, queue_path

    check_format(fmt, ("text", "json"))
    config = settings.load_config()
    token, _ = credentials.resolve_token(config)
    if not token:
        raise CliError("not logged in (run `aura login` or set AURA_API_KEY)", exit_code=1)
    url = str(settings.get_key(config, "api_url"))
    with EventQueue(queue_path()) as queue:
        result = deliver(queue, url, token, force=True)
    knowledge = "skipped"
    if result.error is None:
        try:
            resp = http.request("GET", http.join(url, "/api/v1/rules"), token=token)
            knowledge = {200: "pulled", 404: "server has no knowledge map yet"}.get(
                resp.status, f"unavailable ({resp.error_message()})"
            )
        except http.Unreachable:
            knowledge = "unreachable"
    if fmt == "json":
        print_json({**result.as_dict(), "knowledge_map": knowledge})
    else:
        typer.echo(
            f"sent {result.sent}: {result.accepted} accepted, {result.duplicates} "
            f"duplicates, {result.rejected} rejected; {result.remaining} remaining"
            + (f", {result.dead} dead" if result.dead else "")
        )
        for message in result.rejected_errors[:5]:
            typer.echo(f"  rejected: {message}", err=True)
        typer.echo(f"knowledge map: {knowledge}")
    if result.error:
        typer.echo(f"aura: {result.error} (events stay queued)", err=True)
        raise typer.Exit(1)
