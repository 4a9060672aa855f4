"""Rebuilding the aggregates from the stored events: same numbers, idempotent, exact BKT."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from analytics_seed import BASE, ev, ingest
from api_factories import Account, add_member, make_team, make_user
from asgi_lifespan import LifespanManager
from aura_api.analytics.bkt import BktParams, Outcome, trace
from aura_api.main import create_app
from aura_api.worker.jobs import rebuild_aggregates
from conftest import settings_for_tests
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text

RULE = "python/debug-print"
LESSON = {"lesson_id": "python-debug-print"}


def _history(team: str) -> list[dict[str, Any]]:
    return [
        ev("audit.finding", 1, team, rule_id=RULE, path="src/app/a.py"),
        ev("audit.passed", 2, team, data={"rules_exercised": [RULE, "js/debugger"]}),
        ev("lesson.opened", 3, team, **LESSON),
        ev("lesson.completed", 4, team, **LESSON),
        ev("audit.blocked", 5, team, rule_id=RULE, path="src/lib/b.py"),
        ev("suppression.added", 6, team, rule_id=RULE, path="src/app/a.py",
           data={"until": "2099-01-01"}),
        ev("feedback.not_useful", 7, team, rule_id=RULE),
        ev("struggle.detected", 60 * 24 * 2, team, path="src/app/a.py"),
    ]  # fmt: skip


async def _snapshot(client: AsyncClient, team: str, lead: Account, devs: list[Account]) -> dict:
    since = {
        "since": (BASE - timedelta(days=30)).isoformat(),
        "until": (BASE + timedelta(days=5)).isoformat(),
    }
    reads: dict[str, tuple[str, dict[str, Any]]] = {
        what: (f"/api/v1/teams/{team}/analytics/{what}", {})
        for what in ("overview", "rule-precision", "suppressions", "lesson-efficacy")
    }
    reads["day"] = (f"/api/v1/teams/{team}/analytics/hotspots", {**since, "prefix": "src"})
    reads["week"] = (f"/api/v1/teams/{team}/analytics/hotspots", {**since, "bucket": "week"})
    for dev in devs:
        reads[dev.id] = (f"/api/v1/analytics/users/{dev.id}/skill-tree", {"team_id": team})
    out = {}
    for name, (url, params) in reads.items():
        r = await client.get(url, params=params, headers=lead.headers)
        assert r.status_code == 200, r.text
        out[name] = r.json()
    return out


async def _team(client: AsyncClient) -> tuple[str, Account, list[Account]]:
    lead = await make_user(client)
    team = await make_team(client, lead)
    devs = [await make_user(client) for _ in range(3)]
    for dev in devs:
        await add_member(client, team, lead, dev)
    return team, lead, devs


async def test_a_rebuild_recomputes_the_same_aggregates(client: AsyncClient, app: FastAPI) -> None:
    team, lead, devs = await _team(client)
    for dev in devs:
        await ingest(client, app, dev, _history(team))
    before = await _snapshot(client, team, lead, devs)
    assert before["overview"]["rules"] and before["lesson-efficacy"]["items"]
    engine = app.state.resources.engine
    async with engine.begin() as conn:  # damage them
        await conn.execute(text("DELETE FROM aggregate_hotspots"))
        await conn.execute(text("UPDATE rule_mastery SET p_mastery = 0.99, observations = 0"))
    unaggregated = [ev("struggle.detected", 9, team, path="src/app/c.py")]
    r = await client.post("/api/v1/events", json={"events": unaggregated}, headers=devs[0].headers)
    assert r.json()["accepted"] == 1  # stored, its job not run: the rebuild applies it
    factory = app.state.resources.session_factory
    assert await rebuild_aggregates(factory, page=5) == 3 * 8 + 1  # pages split developers
    after = await _snapshot(client, team, lead, devs)
    # The new event is counted …
    for view in ("day", "week"):
        totals = [sum(h["total"] for h in s[view]["items"]) for s in (before, after)]
        assert totals[1] == totals[0] + 1
        before[view] = after[view]
    before["overview"]["event_counts"]["struggle.detected"] += 1
    # … and the rest is exactly what the incremental aggregation had produced.
    assert after == before
    assert await rebuild_aggregates(factory) == 25
    assert await _snapshot(client, team, lead, devs) == after  # idempotent
    async with engine.connect() as conn:
        left = await conn.execute(text("SELECT count(*) FROM events WHERE aggregated_at IS NULL"))
        assert left.scalar_one() == 0


async def test_a_rebuild_replays_late_events_in_time_order(
    client: AsyncClient, app: FastAPI
) -> None:
    """Incremental BKT bounds the replay of a late event to 64 outcomes; a rebuild is exact."""
    dev = await make_user(client)
    team = await make_team(client, dev)
    fixes = [ev("fix.applied", 10 + i, team, rule_id=RULE) for i in range(70)]
    await ingest(client, app, dev, fixes)
    await ingest(client, app, dev, [ev("audit.finding", 1, team, rule_id=RULE)])
    await rebuild_aggregates(app.state.resources.session_factory)
    r = await client.get(f"/api/v1/analytics/users/{dev.id}/skill-tree", headers=dev.headers)
    row = r.json()["categories"][0]["rules"][0]
    exact = trace([Outcome.incorrect] + [Outcome.correct] * 70, BktParams())
    assert row["p_mastery"] == pytest.approx(exact, abs=1e-6)
    assert (row["observations"], row["incorrect"]) == (71, 1)


async def test_a_rebuild_in_the_embedded_mode(tmp_path: Path) -> None:
    app = create_app(settings_for_tests(None, redis_url=None, data_dir=tmp_path / "data"))
    async with LifespanManager(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://embedded") as client:
            team, lead, devs = await _team(client)
            for dev in devs:
                batch = _history(team)
                r = await client.post("/api/v1/events", json={"events": batch}, headers=dev.headers)
                assert r.json()["accepted"] == len(batch)
            await app.state.runtime.broker.wait_all()
            before = await _snapshot(client, team, lead, devs)
            factory = app.state.resources.session_factory
            assert await rebuild_aggregates(factory, page=7) == 24
            assert await _snapshot(client, team, lead, devs) == before
    assert uuid.UUID(team)
