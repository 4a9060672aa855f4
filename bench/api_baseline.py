"""Latency baseline of the Aura API: `GET /health/live` and `GET /api/v1/auth/me`.

What it measures
    The round-trip latency (p50, p99) and throughput of two endpoints served by a real
    `aura-api serve` (uvicorn, production settings, PostgreSQL + Redis) on 127.0.0.1:

    * `live`    - `GET /health/live`: the framework and middleware floor (no auth, no I/O).
    * `me/jwt`  - `GET /api/v1/auth/me` with `Authorization: Bearer <access token>`: the hot
                  path of an authenticated read (JWT check, cached user, IP and user limits).
    * `me/pat`  - the same with a personal API token (`aura_pat_...`) instead of the JWT.

    Each case runs at concurrency 1 and 32, after a warm-up, for `--requests` requests or
    `--max-seconds` seconds, whichever comes first. The goal checked at the end is
    "me p50 under 5 ms at concurrency 1".

How
    1. Drop and recreate the PostgreSQL database `aura_bench` and flush Redis db 14.
    2. `aura-api migrate`, then `aura-api serve --workers N` in its own process group, with
       AURA_ENV=production, a random secret and rate limits high enough never to answer 429.
    3. Register a user, log in, and create a personal API token through the API.
    4. Measure with a minimal HTTP/1.1 client on keep-alive sockets (one per concurrent
       worker, uvloop when available) so the client costs far less than the server.
    5. Always stop the server and drop the database, even on errors or Ctrl-C.

The client shares the machine with the server, so at concurrency 32 on a small box the
numbers are a lower bound of the server's capacity, not a capacity plan.

Usage: `uv run python bench/api_baseline.py [--requests 2000] [--workers 2]`
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from redis.asyncio import Redis

HOST = "127.0.0.1"
PG_ADMIN_DSN = f"postgresql://postgres@{HOST}:5432/postgres"
BENCH_DB = "aura_bench"
REDIS_URL = f"redis://{HOST}:6379/14"
GOAL_MS = 5.0
CONCURRENCIES = (1, 32)


# --------------------------------------------------------------------------- environment


async def reset_database() -> None:
    conn = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    finally:
        await conn.close()


async def drop_database() -> None:
    conn = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    finally:
        await conn.close()


async def flush_redis() -> None:
    client = Redis.from_url(REDIS_URL)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


def server_env(metrics_dir: Path) -> dict[str, str]:
    """The inherited environment without any AURA_* setting, plus the bench's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AURA_")}
    env.update(
        AURA_DATABASE_URL=f"postgresql+asyncpg://postgres@{HOST}:5432/{BENCH_DB}",
        AURA_REDIS_URL=REDIS_URL,
        AURA_ENV="production",
        AURA_SECRET_KEY=secrets.token_urlsafe(48),
        AURA_LOG_LEVEL="WARNING",
        AURA_RATE_LIMIT_ENABLED="true",
        AURA_RATE_LIMIT_IP_PER_MINUTE="10000000",
        AURA_RATE_LIMIT_USER_PER_MINUTE="10000000",
        AURA_RATE_LIMIT_AUTH_PER_MINUTE="10000",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    return env


def aura_api_command() -> list[str]:
    script = Path(sys.executable).with_name("aura-api")
    if not script.exists():
        sys.exit("aura-api not found next to this Python; run with `uv run` from the workspace")
    return [str(script)]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(
    env: dict[str, str], cwd: Path, port: int, workers: int, log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`aura-api serve` in its own process group; the whole group is stopped on exit."""
    command = [
        *aura_api_command(),
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield proc
    finally:
        stop_process_group(proc)


def stop_process_group(proc: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The master is gone; make sure no worker of the group outlives it.
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        break


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


# --------------------------------------------------------------------------- API setup


@dataclass(frozen=True)
class Credentials:
    email: str
    access_token: str
    api_token: str


async def wait_ready(base: str, proc: subprocess.Popen[bytes], limit_s: float = 60.0) -> None:
    deadline = time.monotonic() + limit_s
    async with httpx.AsyncClient(base_url=base, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"aura-api serve exited with code {proc.returncode}")
            try:
                if (await client.get("/health/ready")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"/health/ready did not answer 200 within {limit_s:.0f}s")


async def create_credentials(base: str) -> Credentials:
    email = f"bench-{secrets.token_hex(6)}@example.com"
    password = secrets.token_urlsafe(18)
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as client:
        r = await client.post("/api/v1/auth/register", json={"email": email, "password": password})
        r.raise_for_status()
        r = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
        r.raise_for_status()
        access = r.json()["access_token"]
        client.cookies.clear()  # Bearer only: no cookie (and so no CSRF check) on later calls
        r = await client.post(
            "/api/v1/tokens",
            json={"name": "bench"},
            headers={"Authorization": f"Bearer {access}"},
        )
        r.raise_for_status()
        return Credentials(email=email, access_token=access, api_token=r.json()["token"])


# --------------------------------------------------------------------------- load client


class Connection:
    """One keep-alive HTTP/1.1 connection sending pre-encoded requests."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            await self.open()
        assert self.reader is not None and self.writer is not None
        try:
            self.writer.write(raw)
            head = await self.reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            lower = head.lower()
            start = lower.find(b"\r\ncontent-length:")
            if start < 0:
                raise RuntimeError("response without Content-Length")
            end = lower.index(b"\r\n", start + 2)
            body = await self.reader.readexactly(int(lower[start + 17 : end]))
            if b"\r\nconnection: close" in lower:
                await self.close()
            return status, body
        except (OSError, asyncio.IncompleteReadError):
            await self.close()  # reconnect on the next request
            raise

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def encode_get(path: str, port: int, token: str | None) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{port}", "User-Agent: aura-bench"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


@dataclass
class Phase:
    latencies_ns: list[int]
    errors: int
    elapsed_s: float


async def run_phase(conns: list[Connection], raw: bytes, total: int, max_seconds: float) -> Phase:
    """Send `total` requests over `conns` (one in flight per connection) or stop at the limit."""
    latencies: list[int] = []
    errors = 0
    remaining = total
    deadline = time.perf_counter() + max_seconds

    async def worker(conn: Connection) -> None:
        nonlocal remaining, errors
        clock = time.perf_counter_ns
        while remaining > 0 and time.perf_counter() < deadline:
            remaining -= 1
            t0 = clock()
            try:
                status, _ = await conn.request(raw)
            except (OSError, asyncio.IncompleteReadError, RuntimeError):
                errors += 1
                continue
            latencies.append(clock() - t0)
            if status != 200:
                errors += 1

    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(worker(c) for c in conns)), timeout=max_seconds + 30.0)
    return Phase(latencies, errors, time.perf_counter() - start)


@dataclass(frozen=True)
class Result:
    name: str
    concurrency: int
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    rps: float


def percentile_ms(sorted_ns: list[int], pct: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not sorted_ns:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(sorted_ns)))
    return sorted_ns[rank - 1] / 1e6


async def measure(
    name: str,
    port: int,
    path: str,
    token: str | None,
    concurrency: int,
    requests: int,
    max_seconds: float,
) -> Result:
    raw = encode_get(path, port, token)
    conns = [Connection(port) for _ in range(concurrency)]
    try:
        await asyncio.gather(*(c.open() for c in conns))
        status, body = await conns[0].request(raw)
        if status != 200:
            raise RuntimeError(f"{name}: sanity request answered {status}: {body[:200]!r}")
        warmup = max(100, requests // 5, 10 * concurrency)
        await run_phase(conns, raw, warmup, min(5.0, max_seconds))
        phase = await run_phase(conns, raw, requests, max_seconds)
    finally:
        await asyncio.gather(*(c.close() for c in conns))
    lat = sorted(phase.latencies_ns)
    return Result(
        name=name,
        concurrency=concurrency,
        requests=len(lat),
        errors=phase.errors,
        p50_ms=percentile_ms(lat, 50),
        p99_ms=percentile_ms(lat, 99),
        rps=len(lat) / phase.elapsed_s if phase.elapsed_s > 0 else math.nan,
    )


# --------------------------------------------------------------------------- report


def print_table(results: list[Result]) -> None:
    header = f"{'endpoint':<8} {'conc':>4} {'requests':>8} {'errors':>6} "
    header += f"{'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.name:<8} {r.concurrency:>4} {r.requests:>8} {r.errors:>6} "
            f"{r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.rps:>8.0f}"
        )


def goal_line(results: list[Result]) -> str:
    me = next((r for r in results if r.name == "me/jwt" and r.concurrency == 1), None)
    if me is None or math.isnan(me.p50_ms):
        return f"GOAL me p50 < {GOAL_MS:g} ms at concurrency 1: UNKNOWN (no measurement)"
    verdict = "MET" if me.p50_ms < GOAL_MS and me.errors == 0 else "NOT MET"
    return f"GOAL me p50 < {GOAL_MS:g} ms at concurrency 1: {verdict} (p50 {me.p50_ms:.2f} ms)"


# --------------------------------------------------------------------------- main


def make_runner() -> asyncio.Runner:
    try:
        import uvloop
    except ImportError:
        return asyncio.Runner()
    return asyncio.Runner(loop_factory=uvloop.new_event_loop)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per case")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--max-seconds", type=float, default=20.0, help="time limit of one measured case"
    )
    args = parser.parse_args()
    if args.requests < 1 or args.workers < 1 or args.max_seconds <= 0:
        parser.error("--requests, --workers and --max-seconds must be positive")
    return args


def bench(args: argparse.Namespace, run: Callable[[Coroutine[Any, Any, Any]], Any]) -> int:
    run(reset_database())
    run(flush_redis())
    with tempfile.TemporaryDirectory(prefix="aura-bench-") as tmp:
        workdir = Path(tmp)  # cwd of the server: no stray .env is read
        metrics_dir = workdir / "metrics"
        metrics_dir.mkdir()
        env = server_env(metrics_dir)
        migrated = subprocess.run(
            [*aura_api_command(), "migrate"],
            env=env,
            cwd=workdir,
            capture_output=True,
            text=True,
            check=False,
        )
        if migrated.returncode != 0:
            raise RuntimeError(f"aura-api migrate failed:\n{migrated.stderr[-3000:]}")
        port = free_port()
        base = f"http://{HOST}:{port}"
        log_path = workdir / "server.log"
        with running_server(env, workdir, port, args.workers, log_path) as proc:
            try:
                run(wait_ready(base, proc))
                creds = run(create_credentials(base))
                cases = [
                    ("live", "/health/live", None),
                    ("me/jwt", "/api/v1/auth/me", creds.access_token),
                    ("me/pat", "/api/v1/auth/me", creds.api_token),
                ]
                results = [
                    run(measure(name, port, path, token, c, args.requests, args.max_seconds))
                    for name, path, token in cases
                    for c in CONCURRENCIES
                ]
            except BaseException:
                print(f"--- server log (tail) ---\n{tail(log_path)}", file=sys.stderr)
                raise
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"aura-api serve --workers {args.workers} on {HOST}; {os.cpu_count()} CPUs, "
        f"load average {load}; {args.requests} requests per case (max {args.max_seconds:g} s)"
    )
    print_table(results)
    print(goal_line(results))
    return 0 if all(r.errors == 0 for r in results) else 1


def main() -> int:
    args = parse_args()
    # A plain `kill` of the bench must still stop the server and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with make_runner() as runner:
        try:
            return bench(args, runner.run)
        finally:
            for cleanup in (drop_database, flush_redis):
                try:
                    runner.run(cleanup())
                except Exception as exc:
                    print(f"cleanup {cleanup.__name__} failed: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
