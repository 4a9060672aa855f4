"""`aura login | logout | whoami`: personal API token for the active profile."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from aura_cli.commands._common import FORMAT_HELP, check_format, cli_errors, print_json

LOGIN_HELP = """Store a personal API token after checking it with the server (GET /api/v1/auth/me).

Without --token the token is prompted for (hidden) when stdin is a terminal, else read from stdin.

\b
Examples:
  aura login --api-url https://aura.example.com
  echo "$AURA_TOKEN" | aura login --token -
"""
LOGOUT_HELP = """Forget the stored token of the active profile.

\b
Example:
  aura logout
"""
WHOAMI_HELP = """Show who the token belongs to (exit 1 when not logged in or refused).

\b
Example:
  aura whoami --format json
"""


def _me(api_url: str, token: str) -> dict[str, Any]:
    from aura_cli.errors import CliError
    from aura_cli.services import http

    try:
        resp = http.request("GET", http.join(api_url, "/api/v1/auth/me"), token=token)
    except http.Unreachable as exc:
        raise CliError(f"cannot reach {api_url}: {exc}", exit_code=1) from None
    if resp.status == 401:
        raise CliError("the server refused this token (401)", exit_code=1)
    if resp.status != 200 or not isinstance(resp.body, dict):
        raise CliError(f"unexpected answer from {api_url}: {resp.error_message()}", exit_code=1)
    return resp.body


def _looks_like_jwt(token: str) -> bool:
    """Three base64url parts, the first a JSON header (`eyJ` is `{"` encoded)."""
    parts = token.split(".")
    return len(parts) == 3 and token.startswith("eyJ") and all(parts)


@cli_errors
def login(
    api_url: Annotated[
        str | None, typer.Option("--api-url", metavar="URL", help="Server URL for this profile.")
    ] = None,
    token: Annotated[
        str | None,
        typer.Option("--token", metavar="TOKEN|-", help="API token; - reads it from stdin."),
    ] = None,
) -> None:
    """Store a verified token (see LOGIN_HELP)."""
    from aura_cli.config import credentials, profiles, settings
    from aura_cli.errors import CliError

    config = settings.load_config()
    if api_url:
        settings.set_key(config, "api_url", api_url)
    url = str(settings.get_key(config, "api_url"))
    if token is None or token == "-":
        if token is None and sys.stdin.isatty():
            token = typer.prompt("API token", hide_input=True)
        else:
            token = sys.stdin.readline()
    token = (token or "").strip()
    if not token:
        raise CliError("no token given (use --token or run in a terminal)")
    if _looks_like_jwt(token):
        raise CliError(
            "this is a session access token (a JWT from the web sign-in), which expires within "
            "minutes; the CLI needs a personal API token instead: create one in the dashboard "
            "(Settings, API tokens) or with POST /api/v1/tokens, then run "
            "`aura login --token aura_pat_…`"
        )
    me = _me(url, token)
    if api_url:
        settings.save_config(config)
    credentials.save_token(profiles.active_profile(config), token, url)
    who = me.get("email") or me.get("display_name") or me.get("id")
    typer.echo(f"logged in to {url} as {who} (profile {profiles.active_profile(config)})")


@cli_errors
def logout() -> None:
    """Forget the token (see LOGOUT_HELP)."""
    from aura_cli.config import credentials, profiles, settings

    profile = profiles.active_profile(settings.load_config())
    removed = credentials.delete_token(profile)
    typer.echo(f"logged out of profile {profile}" if removed else "not logged in")


@cli_errors
def whoami(
    fmt: str = typer.Option("text", "--format", metavar="[text|json]", help=FORMAT_HELP),
) -> None:
    """Show the token's user (see WHOAMI_HELP)."""
    from aura_cli.config import credentials, profiles, settings
    from aura_cli.errors import CliError

    check_format(fmt, ("text", "json"))
    config = settings.load_config()
    token, source = credentials.resolve_token(config)
    if not token:
        raise CliError("not logged in (run `aura login`)", exit_code=1)
    url = str(settings.get_key(config, "api_url"))
    me = _me(url, token)
    if fmt == "json":
        print_json(
            {
                "api_url": url,
                "profile": profiles.active_profile(config),
                "token_source": source,
                "user": me,
            }
        )
        return
    who = me.get("email") or me.get("id")
    name = f" ({me['display_name']})" if me.get("display_name") else ""
    typer.echo(f"{who}{name} on {url} [profile {profiles.active_profile(config)}]")
