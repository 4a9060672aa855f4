"""Ingest in the embedded mode: SQLite, in-memory broker, in-process aggregation."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from api_factories import make_team, make_user
from asgi_lifespan import LifespanManager
from aura_api.main import create_app
from conftest import settings_for_tests
from event_factories import event
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text


async def test_embedded_ingest_is_idempotent_and_aggregated(tmp_path: Path) -> None:
    settings = settings_for_tests(None, redis_url=None, data_dir=tmp_path / "data")
    app = create_app(settings)
    async with LifespanManager(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://embedded") as client:
            alice = await make_user(client)
            team = await make_team(client, alice)
            batch = [event(), event("audit.blocked"), event("nope")]
            r = await client.post("/api/v1/events", json={"events": batch}, headers=alice.headers)
            assert r.json()["accepted"] == 2 and len(r.json()["rejected"]) == 1
            r = await client.post("/api/v1/events", json={"events": batch}, headers=alice.headers)
            assert r.json()["accepted"] == 0 and r.json()["duplicates"] == 2
            listed = await client.get(f"/api/v1/events?team_id={team}", headers=alice.headers)
            assert len(listed.json()["items"]) == 2
            await app.state.runtime.broker.wait_all()
            async with app.state.resources.engine.connect() as conn:
                pending = await conn.execute(
                    text("SELECT count(*) FROM events WHERE aggregated_at IS NULL")
                )
                assert pending.scalar_one() == 0


async def test_embedded_live_activity_fans_out_in_process(tmp_path: Path) -> None:
    settings = settings_for_tests(None, redis_url=None, data_dir=tmp_path / "data")
    app = create_app(settings)
    async with LifespanManager(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://embedded") as client:
            lead = await make_user(client)
            team = await make_team(client, lead)
            url = f"/api/v1/teams/{team}/activity/stream?max_seconds=1"
            stream = asyncio.create_task(client.get(url, headers=lead.headers))
            hub = app.state.runtime.hub
            for _ in range(100):  # until the stream has subscribed
                if hub.subscribers.get(uuid.UUID(team)):
                    break
                await asyncio.sleep(0.01)
            sent = event("lesson.completed")
            await client.post("/api/v1/events", json={"events": [sent]}, headers=lead.headers)
            body = (await stream).text
    assert f"id: {sent['id']}" in body and "event: activity" in body
    assert not hub.subscribers.get(uuid.UUID(team))  # released when the stream ended
