"""`aura config show | set`: the user configuration in $AURA_HOME/config.yaml."""

from __future__ import annotations

from typing import Annotated

import typer

from aura_cli.commands._common import FORMAT_HELP, check_format, cli_errors, print_json

app = typer.Typer(
    help="Show or change the user configuration ($AURA_HOME/config.yaml, default ~/.aura).\n\n"
    "\b\nExamples:\n  aura config show\n  aura config set privacy.hash_paths true",
    no_args_is_help=True,
)


@app.command("show", short_help="Show the effective settings.")
@cli_errors
def show(
    fmt: str = typer.Option("text", "--format", metavar="[text|json]", help=FORMAT_HELP),
) -> None:
    """Show the effective settings of the active profile (tokens are never shown).

    \b
    Example:
      aura config show --format json
    """
    from aura_cli.config import credentials, settings

    check_format(fmt, ("text", "json"))
    config = settings.load_config()
    token, source = credentials.resolve_token(config)
    data = {key: settings.get_key(config, key) for key in settings.SETTABLE_KEYS}
    data["logged_in"] = bool(token)
    data["token_source"] = source
    data["config_file"] = str(settings.config_path())
    if fmt == "json":
        print_json(data)
        return
    for key, value in data.items():
        shown = "true" if value is True else "false" if value is False else value
        typer.echo(f"{key} = {shown if shown is not None else '(default)'}")


@app.command("set", short_help="Set one setting.")
@cli_errors
def set_value(
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY", help="api_url, team, active_profile, privacy.hash_paths or sync.auto."
        ),
    ],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value.")],
) -> None:
    """Set one validated key (unknown keys and bad values exit 2).

    api_url and team belong to the active profile; team is the slug or id of the team whose
    knowledge map `aura sync` pulls (needed only when you belong to several teams).

    \b
    Examples:
      aura config set api_url https://aura.example.com
      aura config set team platform
      aura config set privacy.hash_paths true
    """
    from aura_cli.config import settings

    config = settings.load_config()
    parsed = settings.set_key(config, key, value)
    settings.save_config(config)
    if key == "active_profile":
        from aura_cli.services import knowledge_cache

        # The hook finds the profile's team map through the cache index, without YAML.
        knowledge_cache.set_active_profile(str(parsed))
    typer.echo(f"{key} = {parsed}")
    if key == "team":
        typer.echo("run `aura sync` to pull this team's knowledge map")
