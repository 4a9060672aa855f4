"""Event ingest and aggregation throughput through the real API and task worker, on 1M events.

What it does
    1. Recreate the database `aura_bench_ingest`, flush Redis db 12, `aura-api migrate`.
    2. Start `aura-api serve --workers 2` and one `aura-api worker` (one process).
    3. Register a lead through the API, create the team, add 8 developers with personal API
       tokens; COPY `--events` events (default 1,000,000) of 100 more developers from the
       last 90 days (`copy_events` of bench/analytics_queries.py: findings, clean audits
       listing exercised rules, fixes, lessons, struggle, suppressions, feedback on ~2,000
       paths), stored in the order they would have arrived, 3% up to three days late
       (`--shuffled`: in random order, the worst case for aggregation).
    4. Seed aggregation: queue `aura.aggregate_events` for every seeded event, 500 ids per task
       as the sweep does, and time the task worker until none is left (events/s, and the CPU
       seconds of the worker and of PostgreSQL, since other work may share the machine).
    5. Ingest `--ingest` fresh events (default 100,000, from the last day) through
       `POST /api/v1/events` in batches of 200 from 8 concurrent clients: events/s (goal
       5,000) and CPU per process group; then the worker's lag, the time from the last
       response until every ingested event is aggregated.
    6. p50/p95 of the team overview, a seeded developer's skill tree and hotspots
       (`measure_analytics` of bench/analytics_queries.py; goal p95 <= 150 ms).
    Processes, the database and Redis db 12 are cleaned up at the end.

Usage: `uv run python bench/ingest.py [--events 1000000] [--ingest 100000] [--requests 100]
[--shuffled]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).parent))
import analytics_queries as aq
import api_baseline as base

base.BENCH_DB = "aura_bench_ingest"
base.REDIS_URL = f"redis://{base.HOST}:6379/12"
DSN = f"postgresql://postgres@{base.HOST}:5432/{base.BENCH_DB}"
DATABASE_URL = f"postgresql+asyncpg://postgres@{base.HOST}:5432/{base.BENCH_DB}"
GOAL_EVENTS_PER_S = 5000.0
BATCH, CONCURRENCY, DEVELOPERS, TASK_IDS = 200, 8, 100, 500


# --------------------------------------------------------------------------- CPU accounting


def cpu_seconds(match: str | int) -> float:
    """CPU seconds (with reaped children) of the processes in process group `match` (an int)
    or whose name starts with `match` (a str), read from /proc."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        parts = fields.split()
        mine = int(parts[2]) == match if isinstance(match, int) else name.startswith(match)
        if mine:
            total += sum(int(v) for v in parts[11:15])
    return total / tick


class CpuMeter:
    """CPU seconds per named process group between `start()` and `report()`."""

    def __init__(self, groups: dict[str, str | int]) -> None:
        self.groups, self.begin = groups, dict.fromkeys(groups, 0.0)

    def start(self) -> None:
        self.begin = {name: self._now(name) for name in self.groups}

    def _now(self, name: str) -> float:
        return time.process_time() if name == "client" else cpu_seconds(self.groups[name])

    def report(self) -> str:
        used = {name: self._now(name) - self.begin[name] for name in self.groups}
        return ", ".join(f"{name} {seconds:.1f}s" for name, seconds in used.items())


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


# --------------------------------------------------------------------------- seed aggregation


async def wait_aggregated(limit_s: float, every_s: float = 0.0) -> float:
    """Seconds until no event is left unaggregated (the count printed every `every_s`)."""
    conn = await asyncpg.connect(DSN)
    started = last = time.perf_counter()
    try:
        while time.perf_counter() - started < limit_s:
            # The first entry of the partial index answers this; a count would read them all.
            if not await conn.fetchval(
                "SELECT EXISTS (SELECT 1 FROM events WHERE aggregated_at IS NULL)"
            ):
                return time.perf_counter() - started
            if every_s and time.perf_counter() - last >= every_s:
                left = await conn.fetchval(
                    "SELECT count(*) FROM events WHERE aggregated_at IS NULL"
                )
                print(f"  … {left:,} left after {time.perf_counter() - started:.0f}s", flush=True)
                last = time.perf_counter()
            await asyncio.sleep(0.25)
    finally:
        await conn.close()
    raise RuntimeError(f"events still unaggregated after {limit_s:.0f}s")


async def queue_aggregation() -> int:
    """Queue every unaggregated event to the task worker, TASK_IDS ids per task."""
    from aura_api.config import Settings
    from aura_api.worker.broker import build_broker
    from aura_api.worker.tasks import register_tasks

    conn = await asyncpg.connect(DSN)
    ids = [str(r[0]) for r in await conn.fetch("SELECT id FROM events ORDER BY received_at")]
    await conn.close()
    settings = Settings(_env_file=None, redis_url=base.REDIS_URL, database_url=DATABASE_URL)
    broker = build_broker(settings)
    tasks = register_tasks(broker)
    await broker.startup()
    try:
        for start in range(0, len(ids), TASK_IDS):
            await tasks.aggregate.kiq(ids[start : start + TASK_IDS])
    finally:
        await broker.shutdown()
    return len(ids)


def seed(team: uuid.UUID, events: int, meter: CpuMeter, shuffled: bool) -> uuid.UUID:
    started = time.perf_counter()
    developers = asyncio.run(aq.copy_events(DSN, team, DEVELOPERS, events, shuffled=shuffled))
    order = "shuffled" if shuffled else "in arrival order, 3% late"
    print(f"seed: COPY {events:,} events of {DEVELOPERS} developers over 90 days ({order}) in "
          f"{time.perf_counter() - started:.1f}s", flush=True)  # fmt: skip
    meter.start()
    started = time.perf_counter()
    asyncio.run(queue_aggregation())
    asyncio.run(wait_aggregated(3600, every_s=30))
    elapsed = time.perf_counter() - started
    print(f"seed: 1 task worker aggregated {events:,} events in {elapsed:.1f}s = "
          f"{events / elapsed:,.0f} events/s (CPU: {meter.report()}; {load()})",
          flush=True)  # fmt: skip
    return developers[0]


# --------------------------------------------------------------------------- ingest


def _bodies(total: int, team: str) -> list[bytes]:
    rng = random.Random(11)
    files = aq.paths(rng)
    out = []
    for _ in range(0, total, BATCH):
        batch = aq.events(rng, BATCH, files, timedelta(days=1))
        for event in batch:
            event.update(id=str(uuid.uuid4()), team_id=team)
            event["occurred_at"] = event["occurred_at"].isoformat()
        out.append(json.dumps({"events": batch}).encode())
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


# --------------------------------------------------------------------------- orchestration


def _account(c: httpx.Client, name: str) -> tuple[dict[str, str], str]:
    email, password = f"{name}-{secrets.token_hex(4)}@bench.example", "bench-pass-1234"
    c.post("/api/v1/auth/register", json={"email": email, "password": password}).raise_for_status()
    login = c.post("/api/v1/auth/login", json={"email": email, "password": password})
    headers = {"Authorization": f"Bearer {login.raise_for_status().json()['access_token']}"}
    c.cookies.clear()
    return headers, email


@contextmanager
def running_worker(env: dict[str, str], cwd: Path, log_path: Path) -> Iterator[int]:
    with log_path.open("wb") as log:
        proc = subprocess.Popen([*base.aura_api_command(), "worker"], env=env, cwd=cwd, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        yield proc.pid
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
            running_worker(env, cwd, Path(tmp) / "worker.log") as worker,
        ):
            groups = {"api": proc.pid, "worker": worker, "postgres": "postgres", "client": 0}
            try:
                return _bench(args, url, proc, CpuMeter(groups))
            except Exception:
                for name in ("server.log", "worker.log"):
                    print(f"--- {name}\n{base.tail(Path(tmp) / name)}", file=sys.stderr)
                raise


def _bench(
    args: argparse.Namespace, url: str, proc: subprocess.Popen[bytes], meter: CpuMeter
) -> bool:
    asyncio.run(base.wait_ready(url, proc))
    print(f"machine: {os.cpu_count()} CPUs, {load()}", flush=True)
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
    developer = seed(uuid.UUID(team_id), args.events, meter, args.shuffled) if args.events else None
    bodies = _bodies(args.ingest, team_id)
    asyncio.run(ingest(url, tokens, bodies[: max(1, len(bodies) // 20)]))  # warm-up
    asyncio.run(wait_aggregated(600))
    meter.start()
    elapsed, accepted = asyncio.run(ingest(url, tokens, bodies[len(bodies) // 20 :]))
    rate = accepted / elapsed
    print(f"ingest: {accepted:,} events in {elapsed:.1f}s = {rate:,.0f} events/s (batches of "
          f"{BATCH}, concurrency {CONCURRENCY}, 2 API workers, 1 task worker; CPU: "
          f"{meter.report()}; {load()})")  # fmt: skip
    lag = asyncio.run(wait_aggregated(600))
    print(f"worker: every ingested event aggregated {lag:.1f}s after the last response "
          f"({accepted / (elapsed + lag):,.0f} events/s over ingest + lag; CPU since the "
          f"ingest started: {meter.report()})")  # fmt: skip
    print(f"goal >= {GOAL_EVENTS_PER_S:,.0f} events/s: "
          f"{'met' if rate >= GOAL_EVENTS_PER_S else 'MISSED'}")  # fmt: skip
    results = aq.measure_analytics(
        url, lead, team_id, user_id=str(developer) if developer else None, requests=args.requests
    )
    read_ok = aq.print_results(results)
    print(f"end: {load()}")
    return rate >= GOAL_EVENTS_PER_S and read_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events to seed (COPY)")
    parser.add_argument("--ingest", type=int, default=100_000, help="events to send via the API")
    parser.add_argument("--requests", type=int, default=100, help="reads per analytics case")
    parser.add_argument(
        "--shuffled", action="store_true", help="seed in random order (the worst case)"
    )
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
