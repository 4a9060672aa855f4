"""Latency of the analytics reads on a team with 1M aggregated events.

What it measures
    p50/p95 of `GET …/analytics/overview`, `GET /api/v1/analytics/users/{id}/skill-tree` and
    `GET …/analytics/hotspots` (day buckets over 30 days, week buckets over 12 weeks), served
    by a real `aura-api serve` (PostgreSQL + Redis) on 127.0.0.1, one request at a time after
    a warm-up. Goal: p95 ≤ 150 ms for each.

`measure_analytics(base_url, headers, team_id)` is the reusable part; `copy_events` and
`events` generate the data (bench/ingest.py uses all three). Run as a script, it seeds its own:
    1. Recreate the database `aura_bench_analytics`, `aura-api migrate`, start the server.
    2. Register a lead through the API and create the team; add 60 developers directly in SQL.
    3. COPY 1,000,000 events from the last 90 days (findings, clean audits listing exercised
       rules, fixes, lessons, struggle, suppressions, feedback) on ~2,000 paths, in the
       order they would have arrived (3% of them up to three days late).
    4. Aggregate them in this process with the worker's own job (`aggregate_events`, called
       with 500 ids at a time as the sweep queues them; each job fills its batch with other
       pending events), then measure. The database is dropped at the end.

Usage: `uv run python bench/analytics_queries.py [--events 1000000] [--requests 200]`
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

GOAL_P95_MS = 150.0


def _percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def measure_analytics(
    base_url: str,
    headers: dict[str, str],
    team_id: str,
    *,
    user_id: str | None = None,
    requests: int = 200,
    warmup: int = 10,
) -> dict[str, dict[str, float]]:
    """p50/p95 (ms) of the analytics reads for `team_id`, one request at a time.

    `headers` must authenticate a lead or admin of the team; `user_id` is the developer whose
    skill tree is read (default: the caller)."""
    with httpx.Client(base_url=base_url, headers=headers, timeout=30.0) as client:
        if user_id is None:
            user_id = str(client.get("/api/v1/auth/me").raise_for_status().json()["id"])
        now = datetime.now(UTC)
        cases: dict[str, tuple[str, dict[str, str]]] = {
            "overview": (f"/api/v1/teams/{team_id}/analytics/overview", {}),
            "skill-tree": (
                f"/api/v1/analytics/users/{user_id}/skill-tree",
                {"team_id": team_id},
            ),
            "hotspots/day": (
                f"/api/v1/teams/{team_id}/analytics/hotspots",
                {"bucket": "day", "since": (now - timedelta(days=30)).isoformat()},
            ),
            "hotspots/week": (
                f"/api/v1/teams/{team_id}/analytics/hotspots",
                {"bucket": "week", "since": (now - timedelta(weeks=12)).isoformat()},
            ),
        }
        results: dict[str, dict[str, float]] = {}
        for name, (path, params) in cases.items():
            for _ in range(warmup):
                client.get(path, params=params).raise_for_status()
            samples = []
            for _ in range(requests):
                start = time.perf_counter()
                client.get(path, params=params).raise_for_status()
                samples.append((time.perf_counter() - start) * 1000)
            results[name] = {
                "p50_ms": round(statistics.median(samples), 2),
                "p95_ms": round(_percentile(samples, 95), 2),
                "max_ms": round(max(samples), 2),
            }
        return results


def print_results(results: dict[str, dict[str, float]]) -> bool:
    print(f"{'endpoint':<16}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, r in results.items():
        print(f"{name:<16}{r['p50_ms']:>10.2f}{r['p95_ms']:>10.2f}{r['max_ms']:>10.2f}")
    ok = all(r["p95_ms"] <= GOAL_P95_MS for r in results.values())
    print(f"goal p95 <= {GOAL_P95_MS:.0f} ms: {'met' if ok else 'MISSED'}")
    return ok


# --------------------------------------------------------------------------- realistic events

RULES = [
    "python/debug-print", "python/debugger", "python/long-function", "js/debugger",
    "js/console-log", "secrets/aws-access-key", "secrets/github-token", "secrets/slack-token",
    "secrets/generic-password", "acme/no-todo", "acme/no-requests-in-domain",
]  # fmt: skip
LESSONS = ["python-debug-print", "debugger-statements", "python-long-function", "secrets-in-code"]
TYPES = [
    ("audit.finding", 35), ("audit.passed", 25), ("audit.blocked", 5), ("fix.applied", 8),
    ("lesson.shown", 6), ("lesson.opened", 4), ("lesson.completed", 3),
    ("struggle.detected", 5), ("suppression.added", 3), ("feedback.not_useful", 3),
    ("feedback.helpful", 3),
]  # fmt: skip
COPY_COLUMNS = ["id", "user_id", "team_id", "type", "source", "occurred_at", "received_at",
                "repo", "path", "rule_id", "lesson_id", "data", "aggregated_at"]  # fmt: skip


def paths(rng: random.Random, n: int = 2000) -> list[str]:
    """`n` files 2 to 5 directories deep under six top-level folders."""
    tops = ["src", "lib", "services", "apps", "tests", "scripts"]
    out = []
    for i in range(n):
        depth = rng.randint(1, 4)
        dirs = [rng.choice(tops)] + [f"m{rng.randint(0, 12)}" for _ in range(depth)]
        out.append("/".join(dirs) + f"/f{i}.{rng.choice(['py', 'ts', 'js'])}")
    return out


def events(
    rng: random.Random,
    count: int,
    files: list[str],
    max_age: timedelta,
    times: Sequence[datetime] | None = None,
) -> list[dict[str, Any]]:
    """Client events as the API takes them (no id or team): findings, clean audits listing
    exercised rules, fixes, lessons, struggle, suppressions (most with an expiry), feedback.
    They occurred in the last `max_age`, or at `times` when given (then `count` is ignored)."""
    kinds, weights = zip(*TYPES, strict=True)
    now = datetime.now(UTC)
    if times is None:
        times = [now - timedelta(seconds=rng.uniform(60, max_age.total_seconds()))
                 for _ in range(count)]  # fmt: skip
    out = []
    for kind, at in zip(rng.choices(kinds, weights=weights, k=len(times)), times, strict=True):
        event: dict[str, Any] = {
            "type": kind, "source": "cli", "repo": "github.com/acme/shop", "data": {},
            "occurred_at": at, "rule_id": rng.choice(RULES), "lesson_id": None,
            "path": rng.choice(files) if kind not in ("audit.passed", "lesson.shown") else None,
        }  # fmt: skip
        if kind == "audit.passed":
            event["data"] = {"rules_exercised": rng.sample(RULES, 3)}
            event["rule_id"] = None
        elif kind.startswith("lesson."):
            event["lesson_id"] = rng.choice(LESSONS)
        elif kind == "suppression.added" and rng.random() < 0.7:
            until = now + timedelta(days=rng.randint(-60, 60))
            event["data"] = {"until": until.date().isoformat()}
        out.append(event)
    return out


def arrivals(
    rng: random.Random, count: int, days: int = 90, late_share: float = 0.03
) -> list[tuple[datetime, datetime]]:
    """(occurred_at, received_at) of `count` events over the last `days`, in the order a
    server received them: within seconds mostly, `late_share` of them up to three days
    late (clients that were offline)."""
    now = datetime.now(UTC)
    out = []
    for _ in range(count):
        occurred = now - timedelta(seconds=rng.uniform(60, days * 86400))
        late = rng.random() < late_share
        delay = timedelta(seconds=rng.uniform(0, 3 * 86400 if late else 30))
        out.append((occurred, min(occurred + delay, now)))
    out.sort(key=lambda pair: pair[1])
    return out


async def copy_events(
    dsn: str,
    team: uuid.UUID,
    developers: int,
    count: int,
    *,
    seed: int = 7,
    shuffled: bool = False,
) -> list[uuid.UUID]:
    """Add `developers` members to the team and COPY `count` events of theirs from the last
    90 days, in the order and at the times they would have arrived (`arrivals`), not
    aggregated yet. `shuffled`: in random order, all received now (the worst case: every
    batch spans the 90 days). Returns the developers' ids."""
    import asyncpg

    rng, now = random.Random(seed), datetime.now(UTC)
    users = [uuid.uuid4() for _ in range(developers)]
    conn = await asyncpg.connect(dsn)
    try:
        await conn.copy_records_to_table(
            "users",
            records=[(u, f"dev{i}-{u.hex[:6]}@bench.example", None, "x", True, False, now, now)
                     for i, u in enumerate(users)],
            columns=["id", "email", "display_name", "password_hash", "is_active",
                     "is_superuser", "created_at", "updated_at"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "team_members", records=[(team, u, "member", now) for u in users],
            columns=["team_id", "user_id", "role", "joined_at"],
        )  # fmt: skip
        files, times = paths(rng), arrivals(rng, count)
        if shuffled:
            rng.shuffle(times)
            times = [(occurred, now) for occurred, _ in times]
        for start in range(0, count, 100_000):
            chunk = times[start : start + 100_000]
            batch = events(rng, 0, files, timedelta(0), [occurred for occurred, _ in chunk])
            records = [
                (uuid.uuid4(), rng.choice(users), team, e["type"], e["source"],
                 e["occurred_at"], received, e["repo"], e["path"], e["rule_id"],
                 e["lesson_id"], json.dumps(e["data"]), None)
                for e, (_, received) in zip(batch, chunk, strict=True)
            ]  # fmt: skip
            await conn.copy_records_to_table("events", records=records, columns=COPY_COLUMNS)
        await conn.execute("ANALYZE events")
    finally:
        await conn.close()
    return users


async def _seed(dsn: str, database_url: str, team: uuid.UUID, events_: int) -> uuid.UUID:
    import asyncpg
    from aura_api.db import create_session_factory
    from aura_api.worker.jobs import aggregate_events
    from sqlalchemy.ext.asyncio import create_async_engine

    started = time.perf_counter()
    users = await copy_events(dsn, team, 60, events_)
    print(f"inserted {events_:,} events in {time.perf_counter() - started:.1f}s", flush=True)
    conn = await asyncpg.connect(dsn)
    query = "SELECT id FROM events WHERE aggregated_at IS NULL ORDER BY received_at"
    ids = [r[0] for r in await conn.fetch(query)]
    await conn.close()
    engine = create_async_engine(database_url)
    factory = create_session_factory(engine)
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(ids), 500):  # as the sweep would queue them; jobs fill up
        await aggregate_events(factory, ids[start : start + 500])
    await engine.dispose()
    elapsed = time.perf_counter() - started
    print(f"aggregated {events_:,} events in {elapsed:.1f}s ({events_ / elapsed:,.0f}/s, "
          f"{time.process_time() - cpu:.1f}s CPU in this process)")  # fmt: skip
    return users[0]


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    import api_baseline as base

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    base.BENCH_DB = "aura_bench_analytics"
    base.REDIS_URL = f"redis://{base.HOST}:6379/13"
    dsn = f"postgresql://postgres@{base.HOST}:5432/{base.BENCH_DB}"
    database_url = f"postgresql+asyncpg://postgres@{base.HOST}:5432/{base.BENCH_DB}"
    asyncio.run(base.reset_database())
    asyncio.run(base.flush_redis())
    ok = False
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = base.server_env(Path(tmp))
            env["AURA_DATABASE_URL"] = database_url
            env["AURA_REDIS_URL"] = base.REDIS_URL
            import subprocess

            cwd = Path(__file__).resolve().parent.parent
            subprocess.run([*base.aura_api_command(), "migrate"], env=env, cwd=cwd, check=True)
            port = base.free_port()
            url = f"http://{base.HOST}:{port}"
            with base.running_server(env, cwd, port, 2, Path(tmp) / "server.log") as proc:
                asyncio.run(base.wait_ready(url, proc))
                email, password = f"lead-{secrets.token_hex(4)}@bench.example", "bench-pass-1234"
                with httpx.Client(base_url=url, timeout=30) as c:
                    c.post("/api/v1/auth/register", json={"email": email, "password": password})
                    login = c.post(
                        "/api/v1/auth/login", json={"email": email, "password": password}
                    )
                    headers = {
                        "Authorization": f"Bearer {login.raise_for_status().json()['access_token']}"
                    }
                    team = c.post("/api/v1/teams", json={"name": "Bench"}, headers=headers)
                    team_id = team.raise_for_status().json()["id"]
                dev = asyncio.run(_seed(dsn, database_url, uuid.UUID(team_id), args.events))
                results = measure_analytics(
                    url, headers, team_id, user_id=str(dev), requests=args.requests
                )
                ok = print_results(results)
    finally:
        asyncio.run(base.drop_database())
        asyncio.run(base.flush_redis())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
