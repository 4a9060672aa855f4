"""Latency of the workflow endpoints through a real `aura-api serve`, and the LLM stream overhead.

What it measures
    * `struggle` - `POST /api/v1/workflows/struggle` without an LLM: decide, retrieve over the
      lesson corpus, persist the run in PostgreSQL. Goal: p50 <= 15 ms.
    * `audit`    - `POST /api/v1/workflows/audit` with a small diff (engine + persistence).
      Goal: p50 <= 15 ms.
    * `me`       - `GET /api/v1/auth/me`, the authenticated floor every request pays, printed
      for reference (on a busy machine everything above moves with it).
    * `ttft`     - with the in-process OpenAI-compatible stub as the LLM: the time to the first
      token through `GET /api/v1/workflows/{id}/stream` minus the stub's own time to first token
      measured directly against it. Goal: overhead <= 20 ms (medians).

How
    1. Recreate the PostgreSQL database `aura_bench_workflows`, flush Redis db 11, migrate.
    2. Serve the API (1 worker, production settings) without an LLM; register, log in; warm up,
       then time `--requests` sequential requests per case on one keep-alive connection.
    3. Restart it with AURA_LLM_* pointing at the stub; time stub-direct and through-API TTFT.
    4. Always stop the server (its whole process group) and drop the database.

Usage: `uv run python bench/workflows.py [--requests 300]`
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import asyncpg
import httpx
from aura_agentic.testing import OpenAIStub
from redis.asyncio import Redis

HOST = "127.0.0.1"
PG_ADMIN_DSN = f"postgresql://postgres@{HOST}:5432/postgres"
BENCH_DB = "aura_bench_workflows"
REDIS_URL = f"redis://{HOST}:6379/11"
GOAL_P50_MS = 15.0
GOAL_TTFT_OVERHEAD_MS = 20.0

DIFF = """diff --git a/app/service.py b/app/service.py
--- a/app/service.py
+++ b/app/service.py
@@ -1,2 +1,4 @@
 def charge(order):
+    print("charging", order)
+    return gateway.charge(order.total)
     pass
"""
STRUGGLE = {
    "signals": {"repeat_error": 0.8, "undo_burst": 0.4},
    "errors": ["TypeError: Cannot read properties of undefined (reading 'name')"],
    "rule_ids": [],
    "language": "typescript",
    "code": "const user = users.find((u) => u.id === id);\nconsole.log(user.name);\n",
    "file_path": "src/users.ts",
}


async def admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def flush_redis() -> None:
    client = Redis.from_url(REDIS_URL)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_env(metrics_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AURA_")}
    env.update(
        AURA_DATABASE_URL=f"postgresql+asyncpg://postgres@{HOST}:5432/{BENCH_DB}",
        AURA_REDIS_URL=REDIS_URL,
        AURA_ENV="production",
        AURA_SECRET_KEY=secrets.token_urlsafe(48),
        AURA_LOG_LEVEL="WARNING",
        AURA_RATE_LIMIT_IP_PER_MINUTE="10000000",
        AURA_RATE_LIMIT_USER_PER_MINUTE="10000000",
        AURA_RATE_LIMIT_AUTH_PER_MINUTE="10000",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        **extra,
    )
    return env


def aura_api() -> str:
    script = Path(sys.executable).with_name("aura-api")
    if not script.exists():
        sys.exit("aura-api not found next to this Python; run with `uv run`")
    return str(script)


@contextmanager
def server(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`aura-api serve` in its own process group, stopped (the whole group) on exit."""
    command = [aura_api(), "serve", "--host", HOST, "--port", str(port), "--workers", "1"]
    with log.open("ab") as out:
        proc = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield proc
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue


async def wait_ready(client: httpx.AsyncClient, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"aura-api serve exited with {proc.returncode}")
        with suppress(httpx.TransportError):
            if (await client.get("/health/ready")).status_code == 200:
                return
        await asyncio.sleep(0.2)
    raise RuntimeError("the API did not become ready")


async def login(client: httpx.AsyncClient) -> dict[str, str]:
    email, password = f"bench-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(16)
    creds = {"email": email, "password": password}
    (await client.post("/api/v1/auth/register", json=creds)).raise_for_status()
    r = await client.post("/api/v1/auth/login", json=creds)
    r.raise_for_status()
    client.cookies.clear()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def cpu_ms(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), in milliseconds. On a shared,
    busy machine this is steadier than wall time: it does not count time spent waiting to run."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def time_posts(
    client: httpx.AsyncClient, path: str, body: dict[str, object], headers: dict[str, str], n: int
) -> list[float]:
    for _ in range(max(20, n // 10)):
        (await client.post(path, json=body, headers=headers)).raise_for_status()
    out: list[float] = []
    for _ in range(n):
        start = time.perf_counter()
        r = await client.post(path, json=body, headers=headers)
        out.append((time.perf_counter() - start) * 1000)
        r.raise_for_status()
    return out


async def time_gets(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], n: int
) -> list[float]:
    out: list[float] = []
    for i in range(n + 20):
        start = time.perf_counter()
        (await client.get(path, headers=headers)).raise_for_status()
        if i >= 20:
            out.append((time.perf_counter() - start) * 1000)
    return out


async def first_token_ms(client: httpx.AsyncClient, method: str, url: str, **kw: object) -> float:
    """Milliseconds from sending the request to the first token-carrying SSE line."""
    start = time.perf_counter()
    async with client.stream(method, url, **kw) as response:  # type: ignore[arg-type]
        response.raise_for_status()
        lines = response.aiter_lines()
        async for line in lines:
            if '"content"' in line or line.startswith("event: token"):
                ttft = (time.perf_counter() - start) * 1000
                async for _ in lines:
                    pass  # drain, so the run is persisted and the connection reusable
                return ttft
    raise RuntimeError(f"no token from {url}")


async def measure_ttft(base: str, stub: OpenAIStub, n: int) -> tuple[list[float], list[float]]:
    direct: list[float] = []
    through: list[float] = []
    stub_body = {"model": "stub", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    async with httpx.AsyncClient(base_url=base, timeout=30) as api, httpx.AsyncClient() as raw:
        headers = await login(api)
        for i in range(n + 10):
            d = await first_token_ms(
                raw, "POST", f"{stub.base_url}/chat/completions", json=stub_body
            )
            r = await api.post("/api/v1/workflows/struggle", json=STRUGGLE, headers=headers)
            run = r.json()
            assert run["status"] == "streaming", run
            t = await first_token_ms(api, "GET", run["stream_url"], headers=headers)
            if i >= 10:  # warm-up
                direct.append(d)
                through.append(t)
    return direct, through


def report(name: str, values: list[float], goal: float | None = None) -> None:
    p50, p95 = statistics.median(values), pct(values, 0.95)
    verdict = "" if goal is None else ("  OK" if p50 <= goal else f"  MISSED (goal {goal} ms)")
    print(f"{name:<28} n={len(values):<5} p50={p50:7.2f} ms  p95={p95:7.2f} ms{verdict}")


async def main(requests: int, ttft_runs: int) -> int:
    await admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    await admin(f'CREATE DATABASE "{BENCH_DB}"')
    await flush_redis()
    stub = OpenAIStub(
        ["Your ", "`user` ", "may ", "be ", "undefined."], first_token_delay=0.02
    ).start()
    try:
        with tempfile.TemporaryDirectory(prefix="aura-bench-wf-") as tmp:
            log, metrics = Path(tmp) / "server.log", Path(tmp) / "metrics"
            env = server_env(metrics)
            migrate = await asyncio.create_subprocess_exec(aura_api(), "migrate", env=env)
            if await migrate.wait() != 0:
                raise RuntimeError("aura-api migrate failed")
            port = free_port()
            base = f"http://{HOST}:{port}"
            with server(env, port, log) as proc:
                async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                    await wait_ready(client, proc)
                    headers = await login(client)
                    cpu: dict[str, float] = {}
                    mark = cpu_ms(proc.pid)
                    floor = await time_gets(client, "/api/v1/auth/me", headers, requests)
                    cpu["me"], mark = cpu_ms(proc.pid) - mark, cpu_ms(proc.pid)
                    path = "/api/v1/workflows/struggle"
                    struggle = await time_posts(client, path, STRUGGLE, headers, requests)
                    cpu["struggle"], mark = cpu_ms(proc.pid) - mark, cpu_ms(proc.pid)
                    path = "/api/v1/workflows/audit"
                    audit = await time_posts(client, path, {"diff": DIFF}, headers, requests)
                    cpu["audit"] = cpu_ms(proc.pid) - mark
            llm = {"AURA_LLM_BASE_URL": stub.base_url, "AURA_LLM_MODEL": "stub"}
            port = free_port()
            with server(server_env(metrics, **llm), port, log) as proc:
                async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}") as client:
                    await wait_ready(client, proc)
                direct, through = await measure_ttft(f"http://{HOST}:{port}", stub, ttft_runs)
    finally:
        stub.stop()
        await admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        await flush_redis()
    print("workflow endpoints through `aura-api serve` (1 worker, PostgreSQL, Redis)")
    report("GET /auth/me (floor)", floor)
    report("POST /workflows/struggle", struggle, GOAL_P50_MS)
    report("POST /workflows/audit", audit, GOAL_P50_MS)
    report("stub TTFT (direct)", direct)
    report("API stream TTFT", through)
    total = {"me": requests + 20, "struggle": requests + max(20, requests // 10)}
    total["audit"] = total["struggle"]
    for name, spent in cpu.items():
        print(f"server CPU per request, {name:<9} {spent / total[name]:7.2f} ms")
    overhead = statistics.median(through) - statistics.median(direct)
    ok = overhead <= GOAL_TTFT_OVERHEAD_MS
    verdict = "OK" if ok else f"MISSED (goal {GOAL_TTFT_OVERHEAD_MS} ms)"
    print(f"{'TTFT overhead (p50 - p50)':<28} {overhead:7.2f} ms  {verdict}")
    met = ok and max(statistics.median(struggle), statistics.median(audit)) <= GOAL_P50_MS
    return 0 if met else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--ttft-runs", type=int, default=50)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.requests, args.ttft_runs)))
