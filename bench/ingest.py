"""Event ingest throughput through the real API, on a database seeded with 1M events.

What it does
    1. Recreate the database `aura_bench_ingest`, flush Redis db 12, `aura-api migrate`.
    2. Start `aura-api serve --workers 2` and one `aura-api worker` (PostgreSQL + Redis).
    3. Register a lead through the API, create the team, add 100 developers directly in SQL and
       COPY `--events` events (default 1,000,000) spread over 90 days; then aggregate them in
       bulk with the worker's own job (`aggregate_events`, large batches, 2 at a time).
    4. Ingest `--ingest` fresh events through `POST /api/v1/events` in batches of 200 from 8
       concurrent clients (8 developers, personal API tokens) and print events/s (goal: 5,000),
       then wait until the task worker has aggregated every ingested event and print its lag.
    5. `measure_analytics` (part B) on the seeded team.
    Processes, the database and Redis db 12 are cleaned up at the end.

Usage: `uv run python bench/ingest.py [--events 1000000] [--ingest 100000]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).parent))
import api_baseline as base

base.BENCH_DB = "aura_bench_ingest"
base.REDIS_URL = f"redis://{base.HOST}:6379/12"
DSN = f"postgresql://postgres@{base.HOST}:5432/{base.BENCH_DB}"
DATABASE_URL = f"postgresql+asyncpg://postgres@{base.HOST}:5432/{base.BENCH_DB}"
GOAL_EVENTS_PER_S = 5000.0
BATCH, CONCURRENCY, DEVELOPERS = 200, 8, 100
TYPES = [("audit.finding", 35), ("audit.passed", 25), ("audit.blocked", 5), ("fix.applied", 8),
         ("lesson.shown", 6), ("lesson.opened", 4), ("lesson.completed", 3),
         ("struggle.detected", 5), ("suppression.added", 3), ("feedback.not_useful", 3),
         ("feedback.helpful", 3)]  # fmt: skip
RULES = ["python/debug-print", "python/debugger", "python/long-function", "js/debugger",
         "secrets/aws-access-key", "secrets/github-token", "acme/no-todo"]  # fmt: skip
PATHS = [f"src/m{i % 17}/f{i}.py" for i in range(1500)]


# --------------------------------------------------------------------------- analytics (part B)


def measure_analytics(base_url: str, headers: dict[str, str], team_id: str) -> None:
    """PART B: p50/p95 of the analytics endpoints on the seeded team (bench/analytics_queries)."""
    try:
        from analytics_queries import measure_analytics as measure
        from analytics_queries import print_results
    except ImportError:
        print("analytics: not measured yet")
        return
    print_results(measure(base_url, headers, team_id, requests=50))


# --------------------------------------------------------------------------- seeding


def _event_row(
    rng: random.Random, user: uuid.UUID, team: uuid.UUID, now: datetime
) -> tuple[Any, ...]:
    kind = rng.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
    at = now - timedelta(seconds=rng.uniform(60, 90 * 86400))
    rule = None if kind == "audit.passed" else rng.choice(RULES)
    return (uuid.uuid4(), user, team, kind, "cli", at, now, "github.com/acme/shop",
            rng.choice(PATHS), rule, None, "{}", None)  # fmt: skip


async def seed(team: uuid.UUID, events: int) -> None:
    from aura_api.db import create_session_factory
    from aura_api.worker.jobs import aggregate_events
    from sqlalchemy.ext.asyncio import create_async_engine

    rng, now = random.Random(5), datetime.now(UTC)
    devs = [uuid.uuid4() for _ in range(DEVELOPERS)]
    conn = await asyncpg.connect(DSN)
    await conn.copy_records_to_table(
        "users", records=[(u, f"dev{i}@bench.example", None, "x", True, False, now, now)
                          for i, u in enumerate(devs)],
        columns=["id", "email", "display_name", "password_hash", "is_active", "is_superuser",
                 "created_at", "updated_at"],
    )  # fmt: skip
    await conn.copy_records_to_table(
        "team_members", records=[(team, u, "member", now) for u in devs],
        columns=["team_id", "user_id", "role", "joined_at"],
    )  # fmt: skip
    started, ids = time.perf_counter(), []
    for start in range(0, events, 100_000):
        rows = [
            _event_row(rng, rng.choice(devs), team, now)
            for _ in range(min(100_000, events - start))
        ]
        ids += [r[0] for r in rows]
        await conn.copy_records_to_table(
            "events", records=rows,
            columns=["id", "user_id", "team_id", "type", "source", "occurred_at", "received_at",
                     "repo", "path", "rule_id", "lesson_id", "data", "aggregated_at"],
        )  # fmt: skip
    await conn.execute("ANALYZE events")
    await conn.close()
    print(f"seed: COPY {events:,} events in {time.perf_counter() - started:.1f}s", flush=True)
    engine = create_async_engine(DATABASE_URL, pool_size=4)
    factory, started = create_session_factory(engine), time.perf_counter()
    chunks = [ids[i : i + 2000] for i in range(0, len(ids), 2000)]

    async def work(mine: list[list[uuid.UUID]]) -> None:
        for chunk in mine:
            await aggregate_events(factory, chunk)

    await asyncio.gather(work(chunks[0::2]), work(chunks[1::2]))
    await engine.dispose()
    elapsed = time.perf_counter() - started
    print(f"seed: aggregated {events:,} in {elapsed:.1f}s ({events / elapsed:,.0f}/s)", flush=True)


# --------------------------------------------------------------------------- ingest


def _bodies(total: int, team: str) -> list[bytes]:
    now, rng = datetime.now(UTC), random.Random(11)
    out = []
    for _ in range(0, total, BATCH):
        events = [{"id": str(uuid.uuid4()), "type": rng.choice(TYPES)[0], "source": "cli",
                   "occurred_at": (now - timedelta(seconds=rng.uniform(1, 86400))).isoformat(),
                   "repo": "github.com/acme/shop", "path": rng.choice(PATHS),
                   "rule_id": rng.choice(RULES), "team_id": team, "data": {"n": 1}}
                  for _ in range(BATCH)]  # fmt: skip
        out.append(json.dumps({"events": events}).encode())
    return out


async def ingest(url: str, tokens: list[str], bodies: list[bytes]) -> tuple[float, int]:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    accepted = 0

    async def client(token: str) -> None:
        nonlocal accepted
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as http:
            while not queue.empty():
                r = await http.post("/api/v1/events", content=queue.get_nowait())
                accepted += r.raise_for_status().json()["accepted"]

    started = time.perf_counter()
    await asyncio.gather(*(client(tokens[i % len(tokens)]) for i in range(CONCURRENCY)))
    return time.perf_counter() - started, accepted


async def wait_aggregated(limit_s: float = 300) -> float:
    conn, started = await asyncpg.connect(DSN), time.perf_counter()
    try:
        while time.perf_counter() - started < limit_s:
            if not await conn.fetchval("SELECT count(*) FROM events WHERE aggregated_at IS NULL"):
                break
            await asyncio.sleep(0.5)
    finally:
        await conn.close()
    return time.perf_counter() - started


# --------------------------------------------------------------------------- orchestration


def _account(c: httpx.Client, name: str) -> tuple[dict[str, str], str]:
    email, password = f"{name}-{secrets.token_hex(4)}@bench.example", "bench-pass-1234"
    c.post("/api/v1/auth/register", json={"email": email, "password": password}).raise_for_status()
    login = c.post("/api/v1/auth/login", json={"email": email, "password": password})
    headers = {"Authorization": f"Bearer {login.raise_for_status().json()['access_token']}"}
    c.cookies.clear()
    return headers, email


@contextmanager
def running_worker(env: dict[str, str], cwd: Path, log_path: Path) -> Iterator[None]:
    with log_path.open("wb") as log:
        proc = subprocess.Popen([*base.aura_api_command(), "worker"], env=env, cwd=cwd, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        yield
    finally:
        base.stop_process_group(proc)


def run(args: argparse.Namespace) -> bool:
    cwd = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        env = base.server_env(Path(tmp))
        env.update(AURA_ARGON2_MEMORY_KIB="8192", AURA_ARGON2_TIME_COST="1")
        subprocess.run([*base.aura_api_command(), "migrate"], env=env, cwd=cwd, check=True,
                       capture_output=True)  # fmt: skip
        port = base.free_port()
        url = f"http://{base.HOST}:{port}"
        with (
            base.running_server(env, cwd, port, 2, Path(tmp) / "server.log") as proc,
            running_worker(env, cwd, Path(tmp) / "worker.log"),
        ):
            try:
                return _bench(args, url, proc)
            except Exception:
                for name in ("server.log", "worker.log"):
                    print(f"--- {name}\n{base.tail(Path(tmp) / name)}", file=sys.stderr)
                raise


def _bench(args: argparse.Namespace, url: str, proc: subprocess.Popen[bytes]) -> bool:
    asyncio.run(base.wait_ready(url, proc))
    with httpx.Client(base_url=url, timeout=30) as c:
        lead, _ = _account(c, "lead")
        team = c.post("/api/v1/teams", json={"name": "Bench"}, headers=lead)
        team_id = team.raise_for_status().json()["id"]
        tokens = []
        for i in range(CONCURRENCY):
            dev, email = _account(c, f"dev{i}")
            body = {"email": email, "role": "member"}
            c.post(f"/api/v1/teams/{team_id}/members", json=body, headers=lead)
            pat = c.post("/api/v1/tokens", json={"name": "bench"}, headers=dev)
            tokens.append(pat.raise_for_status().json()["token"])
    if args.events:
        asyncio.run(seed(uuid.UUID(team_id), args.events))
    bodies = _bodies(args.ingest, team_id)
    asyncio.run(ingest(url, tokens, bodies[: max(1, len(bodies) // 20)]))  # warm-up
    elapsed, accepted = asyncio.run(ingest(url, tokens, bodies[len(bodies) // 20 :]))
    rate = accepted / elapsed
    print(f"ingest: {accepted:,} events in {elapsed:.1f}s = {rate:,.0f} events/s "
          f"(batches of {BATCH}, concurrency {CONCURRENCY}, 2 API workers)")  # fmt: skip
    lag = asyncio.run(wait_aggregated())
    print(f"worker: every ingested event aggregated {lag:.1f}s after the last request")
    print(f"goal >= {GOAL_EVENTS_PER_S:,.0f} events/s: "
          f"{'met' if rate >= GOAL_EVENTS_PER_S else 'MISSED'}")  # fmt: skip
    measure_analytics(url, lead, team_id)
    return rate >= GOAL_EVENTS_PER_S


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events to seed (COPY)")
    parser.add_argument("--ingest", type=int, default=100_000, help="events to send via the API")
    args = parser.parse_args()
    asyncio.run(base.reset_database())
    asyncio.run(base.flush_redis())
    try:
        ok = run(args)
    finally:
        asyncio.run(base.drop_database())
        asyncio.run(base.flush_redis())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
