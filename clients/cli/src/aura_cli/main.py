"""Root of the `aura` command line: builds the Typer app and the `run()` console entry point.

Command modules import only typer and the stdlib at module level; the engine, YAML, SQLite and
HTTP are imported inside the commands that need them, so `aura --help` and completion stay fast.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

HELP = """Aura audits your changes against your team's golden paths and teaches the why.

\b
Examples:
  aura hook install            audit every commit before it is made
  aura audit --staged          audit what is staged now
  aura review --base origin/main --format markdown
  aura learn secrets/aws-access-key

Exit codes: 0 pass, 1 findings at or above --fail-on (or a server refusal), 2 usage or config error.
"""


@cache
def build_app() -> typer.Typer:
    """Build the root Typer app with every command group registered (once per process).

    Built lazily so the hook's fast path (see fastpath.py) never imports Typer at all.
    """
    import typer

    from aura_cli import __version__, helpstyle
    from aura_cli.commands import (
        audit,
        auth,
        baseline,
        config,
        doctor,
        hook,
        init,
        learn,
        review,
        rules,
        sync,
    )

    def _version(value: bool) -> None:
        if value:
            typer.echo(f"aura {__version__}")
            raise typer.Exit()

    helpstyle.apply()
    app = typer.Typer(
        name="aura",
        help=HELP,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False,
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ) -> None:
        """Aura command line."""

    # short_help: one whole sentence per line of `aura --help` (Click would cut the long help).
    command = app.command
    command("audit", help=audit.HELP, short_help=audit.SHORT)(audit.audit)
    app.add_typer(hook.app, name="hook", short_help="Install, remove or inspect the git hooks.")
    command("init", help=init.HELP, short_help=init.SHORT)(init.init)
    command("learn", help=learn.HELP, short_help="Show the lesson behind a rule.")(learn.learn)
    app.add_typer(rules.app, name="rules", short_help="List the rules in force; test them.")
    app.add_typer(baseline.app, name="baseline", short_help="Accept today's findings.")
    command("review", help=review.HELP, short_help=review.SHORT)(review.review)
    command("login", help=auth.LOGIN_HELP, short_help="Store a personal API token.")(auth.login)
    command("logout", help=auth.LOGOUT_HELP, short_help="Forget the stored token.")(auth.logout)
    command("whoami", help=auth.WHOAMI_HELP, short_help="Show who the token belongs to.")(
        auth.whoami
    )
    command("sync", help=sync.HELP, short_help=sync.SHORT)(sync.sync)
    app.add_typer(config.app, name="config", short_help="Show or change your settings.")
    command("doctor", help=doctor.HELP, short_help="Check the setup, say what is wrong.")(
        doctor.doctor
    )
    return app


def __getattr__(name: str) -> Any:
    # `from aura_cli.main import app` keeps working (tests, docs generators) without
    # making every import of this module pay for Typer.
    if name == "app":
        return build_app()
    raise AttributeError(name)


def run() -> None:
    """Console entry point: the hook's hot path skips Typer, everything else goes through it."""
    from aura_cli import helpcache

    argv = sys.argv[1:]
    if helpcache.is_root_help(argv):
        if helpcache.serve_cached():
            sys.exit(0)
        helpcache.render_and_store(lambda: build_app()(prog_name="aura"))
        return
    from aura_cli import fastpath
    from aura_cli.services import bookkeeping

    # A real process may hand its bookkeeping to a forked child (in-process callers never do).
    bookkeeping.DETACH = True
    code = fastpath.try_run(argv)
    if code is not None:
        sys.exit(code)
    build_app()(prog_name="aura")


if __name__ == "__main__":
    run()
