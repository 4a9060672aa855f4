"""Latency of the analytics reads on a team with 1M aggregated events.

What it measures
    p50/p95 of `GET …/analytics/overview`, `GET /api/v1/analytics/users/{id}/skill-tree` and
    `GET …/analytics/hotspots` (day buckets over 30 days, week buckets over 12 weeks), served
    by a real `aura-api serve` (PostgreSQL + Redis) on 127.0.0.1, one request at a time after
    a warm-up. Goal: p95 ≤ 150 ms for each.

`measure_analytics(base_url, headers, team_id)` is the reusable part (bench/ingest.py may call
it on data it seeded). Run as a script, this file seeds its own data:
    1. Recreate the database `aura_bench_analytics`, `aura-api migrate`, start the server.
    2. Register a lead through the API and create the team; add 60 developers directly in SQL.
    3. COPY 1,000,000 events spread over 90 days (findings, clean audits listing exercised
       rules, fixes, lessons, struggle, suppressions, feedback) on ~2,000 paths.
    4. Aggregate them with the worker's own job (`aggregate_events`, batches of 500), exactly
       as after ingest, then measure. The database is dropped at the end.

Usage: `uv run python bench/analytics_queries.py [--events 1000000] [--requests 200]`
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
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


# --------------------------------------------------------------------------- standalone seed

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


def _paths(rng: random.Random, n: int = 2000) -> list[str]:
    tops = ["src", "lib", "services", "apps", "tests", "scripts"]
    out = []
    for i in range(n):
        depth = rng.randint(1, 4)
        dirs = [rng.choice(tops)] + [f"m{rng.randint(0, 12)}" for _ in range(depth)]
        out.append("/".join(dirs) + f"/f{i}.{rng.choice(['py', 'ts', 'js'])}")
    return out


def _records(
    rng: random.Random, count: int, users: list[uuid.UUID], team: uuid.UUID
) -> list[tuple[Any, ...]]:
    import json

    paths = _paths(rng)
    kinds, weights = zip(*TYPES, strict=True)
    now = datetime.now(UTC)
    out = []
    for kind in rng.choices(kinds, weights=weights, k=count):
        at = now - timedelta(seconds=rng.uniform(60, 90 * 86400))
        rule = rng.choice(RULES)
        data: dict[str, Any] = {}
        lesson = None
        if kind == "audit.passed":
            data = {"rules_exercised": rng.sample(RULES, 3)}
            rule = None
        elif kind.startswith("lesson."):
            lesson = rng.choice(LESSONS)
        elif kind == "suppression.added" and rng.random() < 0.7:
            data = {"until": (now + timedelta(days=rng.randint(-60, 60))).date().isoformat()}
        path = rng.choice(paths) if kind not in ("audit.passed", "lesson.shown") else None
        user = rng.choice(users)
        repo = "github.com/acme/shop"
        out.append((uuid.uuid4(), user, team, kind, "cli", at, now, repo, path, rule, lesson,
                    json.dumps(data), None))  # fmt: skip
    return out


async def _seed(
    dsn: str, database_url: str, team: uuid.UUID, lead: uuid.UUID, events: int
) -> uuid.UUID:
    import asyncpg
    from aura_api.db import create_session_factory
    from aura_api.worker.jobs import aggregate_events
    from sqlalchemy.ext.asyncio import create_async_engine

    rng = random.Random(7)
    conn = await asyncpg.connect(dsn)
    users = [uuid.uuid4() for _ in range(60)]
    now = datetime.now(UTC)
    await conn.copy_records_to_table(
        "users",
        records=[(u, f"dev{i}@bench.example", None, "x", True, False, now, now)
                 for i, u in enumerate(users)],
        columns=["id", "email", "display_name", "password_hash", "is_active", "is_superuser",
                 "created_at", "updated_at"],
    )  # fmt: skip
    await conn.copy_records_to_table(
        "team_members", records=[(team, u, "member", now) for u in users],
        columns=["team_id", "user_id", "role", "joined_at"],
    )  # fmt: skip
    started = time.perf_counter()
    ids: list[uuid.UUID] = []
    for start in range(0, events, 100_000):
        rows = _records(rng, min(100_000, events - start), users, team)
        ids.extend(r[0] for r in rows)
        await conn.copy_records_to_table(
            "events", records=rows,
            columns=["id", "user_id", "team_id", "type", "source", "occurred_at", "received_at",
                     "repo", "path", "rule_id", "lesson_id", "data", "aggregated_at"],
        )  # fmt: skip
    await conn.close()
    print(f"inserted {events:,} events in {time.perf_counter() - started:.1f}s", flush=True)
    engine = create_async_engine(database_url, pool_size=8)
    factory = create_session_factory(engine)
    started = time.perf_counter()
    batches = [ids[i : i + 500] for i in range(0, len(ids), 500)]
    queue: asyncio.Queue[list[uuid.UUID]] = asyncio.Queue()
    for batch in batches:
        queue.put_nowait(batch)

    async def work() -> None:
        while not queue.empty():
            await aggregate_events(factory, queue.get_nowait())

    await asyncio.gather(
        *(work() for _ in range(int(__import__("os").environ.get("BENCH_AGG_WORKERS", "2"))))
    )
    await engine.dispose()
    elapsed = time.perf_counter() - started
    print(f"aggregated {events:,} events in {elapsed:.1f}s ({events / elapsed:,.0f}/s)")
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
                    lead = c.get("/api/v1/auth/me", headers=headers).json()["id"]
                dev = asyncio.run(
                    _seed(dsn, database_url, uuid.UUID(team_id), uuid.UUID(lead), args.events)
                )
                results = measure_analytics(
                    url, headers, team_id, user_id=str(dev), requests=args.requests
                )
                ok = print_results(results)
    finally:
        asyncio.run(base.drop_database())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
