"""GET /api/v1/teams/{team_id}/activity/stream over a real HTTP server (SSE)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn
from api_factories import add_member, make_team, make_user
from event_factories import event
from fastapi import FastAPI
from httpx import AsyncClient
from redis.asyncio import Redis


@pytest.fixture
async def served(app: FastAPI) -> AsyncIterator[str]:
    """The test app behind uvicorn on a free port (its lifespan is already running)."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_config=None)
    )
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


async def _subscribers(app: FastAPI, team: str) -> int:
    settings = app.state.resources.settings
    redis = Redis.from_url(settings.redis_url)
    try:
        channel = f"{getattr(settings, 'redis_namespace', 'aura')}:activity:{team}"
        return int(dict(await redis.pubsub_numsub(channel))[channel.encode()])
    finally:
        await redis.aclose()


async def test_the_stream_receives_ingested_events(
    client: AsyncClient, app: FastAPI, served: str
) -> None:
    admin, lead, member = [await make_user(client) for _ in range(3)]
    team = await make_team(client, admin)
    await add_member(client, team, admin, lead, "lead")
    await add_member(client, team, admin, member)
    sent = event("audit.blocked")
    async with AsyncClient(base_url=served, timeout=10) as http:
        url = f"/api/v1/teams/{team}/activity/stream"
        async with http.stream("GET", url, headers=lead.headers) as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.aiter_lines()
            assert await anext(lines) == ": connected"
            r = await client.post("/api/v1/events", json={"events": [sent]}, headers=member.headers)
            assert r.json()["accepted"] == 1
            received: list[str] = []
            async with asyncio.timeout(5):
                async for line in lines:
                    received.append(line)
                    if line.startswith("data: "):
                        break
        assert f"id: {sent['id']}" in received and "event: activity" in received
        data = json.loads(received[-1].removeprefix("data: "))
        assert data["type"] == "audit.blocked" and data["user_id"] == member.id
        for _ in range(50):  # the disconnect released the subscription
            if await _subscribers(app, team) == 0:
                break
            await asyncio.sleep(0.05)
        assert await _subscribers(app, team) == 0
        r = await http.get(url, headers=member.headers)
        assert r.status_code == 403


async def test_the_stream_sends_heartbeats_and_ends(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("aura_api.activity.hub.HEARTBEAT_SECONDS", 0.1)
    admin = await make_user(client)
    team = await make_team(client, admin)
    r = await client.get(
        f"/api/v1/teams/{team}/activity/stream?max_seconds=0.35", headers=admin.headers
    )
    assert r.status_code == 200
    assert r.text.startswith(": connected\n\n") and ": heartbeat" in r.text


async def _ingest_three(client: AsyncClient) -> tuple[str, dict[str, str], list[str]]:
    admin, member = await make_user(client), await make_user(client)
    team = await make_team(client, admin)
    await add_member(client, team, admin, member)
    sent = [event("audit.finding") for _ in range(3)]
    for one in sent:  # three ingest batches, so the replay spans buffered batches
        r = await client.post("/api/v1/events", json={"events": [one]}, headers=member.headers)
        assert r.json()["accepted"] == 1
    return team, admin.headers, [e["id"] for e in sent]


async def _reconnect(client: AsyncClient, team: str, headers: dict[str, str], last: str) -> str:
    r = await client.get(
        f"/api/v1/teams/{team}/activity/stream",
        params={"max_seconds": 0.2},
        headers={**headers, "Last-Event-ID": last},
    )
    assert r.status_code == 200
    return r.text


@pytest.mark.parametrize("hub", ["redis", "memory"])
async def test_a_reconnecting_stream_gets_what_it_missed(make_client: Any, hub: str) -> None:
    client = await make_client(**({"redis_url": None} if hub == "memory" else {}))
    team, headers, ids = await _ingest_three(client)
    text = await _reconnect(client, team, headers, ids[0])
    replayed = [line.removeprefix("id: ") for line in text.splitlines() if line.startswith("id: ")]
    assert replayed == ids[1:] and "event: reset" not in text
    assert "id: " not in await _reconnect(client, team, headers, ids[2])  # nothing missed
    gone = await _reconnect(client, team, headers, "an-event-no-longer-buffered")
    assert "event: reset" in gone and "id: " not in gone
