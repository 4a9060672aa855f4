"""Throwaway `aura-api serve` processes for the fuzz runner and the probes.

Each server gets its own data folder (SQLite) or a fresh PostgreSQL database and Redis
namespace, a free port, a strong random secret key and rate limits out of the way; everything
is removed when the context ends. Only processes started here are ever stopped.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import asyncpg
import httpx
from redis import Redis

HOST = "127.0.0.1"
PG = os.environ.get("AURA_TEST_PG", "postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("AURA_TEST_REDIS", "redis://127.0.0.1:6379/14")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _aura_api() -> str:
    script = Path(sys.executable).with_name("aura-api")
    if not script.exists():
        sys.exit("aura-api not found next to this Python; run with `uv run` from the workspace")
    return str(script)


async def _pg(statement: str) -> None:
    conn = await asyncpg.connect(f"postgresql://{PG}/postgres")
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def _env(kind: str, folder: Path, database: str, namespace: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AURA_")}
    env.update(
        AURA_ENV="test",
        AURA_SECRET_KEY=secrets.token_urlsafe(48),
        AURA_DATA_DIR=str(folder / "data"),
        AURA_LOG_LEVEL="WARNING",
        AURA_RATE_LIMIT_ENABLED="false",
        AURA_ARGON2_MEMORY_KIB="1024",
        AURA_ARGON2_TIME_COST="1",
        AURA_WEBHOOKS_ALLOW_PRIVATE_TARGETS="true",
    )
    if kind == "postgres":
        env.update(
            AURA_DATABASE_URL=f"postgresql+asyncpg://{PG}/{database}",
            AURA_REDIS_URL=REDIS_URL,
            AURA_REDIS_NAMESPACE=namespace,
        )
    return env


def _wait_ready(base: str, proc: subprocess.Popen[bytes], log: Path, limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"aura-api exited ({proc.returncode}):\n{_tail(log)}")
        with suppress(httpx.TransportError):
            if httpx.get(f"{base}/health/ready", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{base}/health/ready did not answer within {limit:.0f}s:\n{_tail(log)}")


def _tail(path: Path, lines: int = 30) -> str:
    with suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return "(no server log)"


def _report_crashes(kind: str, log: Path) -> None:
    """Print the traceback of every unhandled error (a 500) the server logged."""
    lines = _tail(log, 1_000_000).splitlines()
    starts = [i for i, line in enumerate(lines) if "unhandled error" in line]
    for i in starts[:5]:
        end = next((j for j in range(i + 1, len(lines)) if lines[j][:1].isdigit()), len(lines))
        print(f"[{kind}] server: " + "\n".join(lines[i:end]))
    if starts:
        print(f"[{kind}] server logged {len(starts)} unhandled errors")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=wait)
            return


@contextmanager
def local_server(kind: str) -> Iterator[str]:
    """Run a fresh API (`kind`: sqlite or postgres) and yield its base URL."""
    token = secrets.token_hex(4)
    database, namespace = f"aura_fuzz_{token}", f"aurafuzz{token}"
    with tempfile.TemporaryDirectory(prefix="aura-fuzz-") as tmp:
        folder = Path(tmp)
        env = _env(kind, folder, database, namespace)
        if kind == "postgres":
            asyncio.run(_pg(f'CREATE DATABASE "{database}"'))
        log = folder / "server.log"
        try:
            subprocess.run([_aura_api(), "migrate"], env=env, check=True, capture_output=True)
            port = free_port()
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    [_aura_api(), "serve", "--host", HOST, "--port", str(port)],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                base = f"http://{HOST}:{port}"
                _wait_ready(base, proc, log)
                yield base
            finally:
                _stop(proc)
                _report_crashes(kind, log)
        finally:
            if kind == "postgres":
                asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
                redis = Redis.from_url(REDIS_URL)
                for key in redis.scan_iter(match=f"{namespace}:*", count=1000):
                    redis.delete(key)
                redis.close()
