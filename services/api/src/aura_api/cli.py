"""`aura-api`: serve, worker, migrate, create-admin, rebuild-aggregates."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from aura_api.config import Settings

app = typer.Typer(
    help="Aura's API server.\n\n\b\nExamples:\n  aura-api serve --port 8000\n  aura-api migrate",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help, the same style as the `aura` command
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _prepare_metrics_dir(workers: int) -> str | None:
    """Several workers share one metrics folder so /metrics sums them all. A folder left by
    an earlier run would add its dead workers' counts, so its metric files are removed first
    (only those: the folder may be shared). Returns a folder made here, to remove at exit."""
    existing = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if existing:
        os.makedirs(existing, exist_ok=True)
        for name in os.listdir(existing):
            if name.endswith(".db"):
                os.remove(os.path.join(existing, name))
        return None
    if workers > 1:
        made = tempfile.mkdtemp(prefix="aura-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = made
        return made
    return None


@app.command(short_help="Run the API server.")
def serve(
    host: Annotated[str, typer.Option(metavar="HOST", help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, metavar="N", help="Worker processes.")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
) -> None:
    """Run the API server.

    Without AURA_DATABASE_URL it runs embedded on SQLite in AURA_DATA_DIR (default .aura-data)
    and migrates it on start. A port already in use stops it with one line saying so.

    \b
    Examples:
      aura-api serve
      aura-api serve --host 0.0.0.0 --port 8000 --workers 4
    """
    import uvicorn

    _check_port(host, port)
    settings = _settings_or_exit()
    if settings.is_sqlite:
        _migrate(None)  # once, before any worker starts, so workers never race on it
    made = _prepare_metrics_dir(workers)
    where = "SQLite in " + str(settings.data_dir.resolve()) if settings.is_sqlite else "PostgreSQL"
    typer.echo(f"Aura API listening on http://{host}:{port} (database: {where})", err=True)
    typer.echo(
        f"  docs: http://{host}:{port}/docs  health: http://{host}:{port}/health/ready", err=True
    )
    try:
        uvicorn.run(
            "aura_api.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            log_config=None,
            access_log=False,
            proxy_headers=settings.trust_forwarded_for,
        )
    finally:
        if made:
            shutil.rmtree(made, ignore_errors=True)


def _settings_or_exit() -> Settings:
    """The settings, or a one-line error and exit 2 (e.g. a weak production secret key)."""
    from pydantic import ValidationError

    from aura_api.config import get_settings

    try:
        return get_settings()
    except ValidationError as exc:
        for err in exc.errors():
            typer.echo(f"error: {err['msg'].removeprefix('Value error, ')}", err=True)
        raise typer.Exit(2) from exc


@app.command("generate-secret", short_help="Print a strong random secret.")
def generate_secret() -> None:
    """Print a strong random value for AURA_SECRET_KEY or AURA_OPS_TOKEN.

    \b
    Examples:
      export AURA_SECRET_KEY=$(aura-api generate-secret)
      export AURA_OPS_TOKEN=$(aura-api generate-secret)
    """
    import secrets

    typer.echo(secrets.token_urlsafe(48))


def _check_port(host: str, port: int) -> None:
    """Fail with one clear line when the address cannot be bound (uvicorn would print a trace).

    The probe closes at once; the short race with another program is acceptable for a
    friendlier message in the common case (a second `make run`)."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                problem = f"port {port} on {host} is already in use"
            else:
                problem = f"cannot listen on {host}:{port} ({exc.strerror})"
            typer.echo(
                f"aura-api: {problem}; choose another with --port (make run: PORT=8001 make run)",
                err=True,
            )
            raise typer.Exit(1) from None


def _migrate(revision: str | None) -> None:
    from aura_api.config import get_settings
    from aura_api.db import create_engine
    from aura_api.migrate import upgrade_in_process

    async def run() -> None:
        engine = create_engine(get_settings())
        try:
            await upgrade_in_process(engine, revision or "head")
        finally:
            await engine.dispose()

    asyncio.run(run())


@app.command(short_help="Apply database migrations.")
def migrate(
    revision: Annotated[
        str, typer.Argument(metavar="REVISION", help="Target revision (default: head).")
    ] = "head",
) -> None:
    """Apply database migrations.

    Example: `AURA_DATABASE_URL=postgresql+asyncpg://localhost/aura aura-api migrate`.
    """
    _migrate(revision)
    typer.echo(f"database migrated to {revision}")


@app.command("create-admin", short_help="Create or promote an instance administrator.")
def create_admin(
    email: Annotated[
        str, typer.Option(prompt=True, metavar="EMAIL", help="Email of the administrator.")
    ],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            metavar="PASSWORD",
            help="Password (prompted for when not given).",
        ),
    ],
) -> None:
    """Create an instance administrator, or promote an existing account.

    Example: `aura-api create-admin --email ops@example.com`.
    """
    from pydantic import ValidationError

    from aura_api.auth.schemas import UserCreate
    from aura_api.config import get_settings
    from aura_api.db import create_engine, create_session_factory, session_scope
    from aura_api.migrate import upgrade_in_process
    from aura_api.models import User

    try:
        data = UserCreate(email=email, password=password)
    except ValidationError as exc:
        typer.echo(f"error: {exc.errors()[0]['msg']}", err=True)
        raise typer.Exit(2) from exc

    async def run() -> str:
        from aura_api.auth import service
        from aura_api.auth.repository import UserRepository

        settings = get_settings()
        engine = create_engine(settings)
        if settings.is_sqlite:
            await upgrade_in_process(engine)
        try:
            async with session_scope(create_session_factory(engine)) as session:
                existing: User | None = await UserRepository(session).get_by_email(data.email)
                if existing is not None:
                    existing.is_superuser = True
                    session.add(existing)
                    return "promoted"
                await service.register(session, data, superuser=True)
            return "created"
        finally:
            await engine.dispose()

    typer.echo(f"administrator {data.email} {asyncio.run(run())}")


@app.command("rebuild-aggregates", short_help="Recompute analytics from the stored events.")
def rebuild_aggregates() -> None:
    """Recompute every analytics aggregate from the stored events (idempotent).

    Example: `AURA_DATABASE_URL=postgresql+asyncpg://localhost/aura aura-api rebuild-aggregates`.
    Use it after a change to how events are counted, or to repair the aggregates. It runs in
    one transaction: dashboards show the old numbers until it commits, and aggregation jobs
    wait for it (nothing is lost). Each developer's events are replayed in time order, so
    mastery is exact even for events that arrived very late.
    """
    from aura_api.config import get_settings
    from aura_api.db import create_engine, create_session_factory
    from aura_api.migrate import upgrade_in_process
    from aura_api.worker.jobs import rebuild_aggregates as rebuild

    async def run() -> int:
        settings = get_settings()
        engine = create_engine(settings)
        try:
            if settings.is_sqlite:
                await upgrade_in_process(engine)
            return await rebuild(create_session_factory(engine))
        finally:
            await engine.dispose()

    typer.echo(f"aggregates rebuilt from {asyncio.run(run()):,} events")


@app.command(short_help="Run the background task workers.")
def worker(
    processes: Annotated[int, typer.Option(min=1, metavar="N", help="Worker processes.")] = 1,
    max_async_tasks: Annotated[
        int, typer.Option(min=1, metavar="N", help="Concurrent tasks per process.")
    ] = 50,
) -> None:
    """Run background tasks: event aggregation, webhooks, the periodic sweep and digests.

    Example: `AURA_REDIS_URL=redis://localhost:6379/0 aura-api worker --processes 2`.
    Needs Redis; without it (embedded mode) the API runs these tasks in its own process.
    """
    from taskiq.cli.worker.args import WorkerArgs
    from taskiq.cli.worker.run import run_worker

    if not _settings_or_exit().redis_url:
        typer.echo(
            "error: aura-api worker needs AURA_REDIS_URL (embedded mode runs tasks in the API)",
            err=True,
        )
        raise typer.Exit(2)
    args = WorkerArgs(
        broker="aura_api.worker.entry:broker",
        modules=[],
        workers=processes,
        configure_logging=False,
        max_async_tasks=max_async_tasks,
    )
    raise typer.Exit(run_worker(args) or 0)


def run() -> None:
    app()
