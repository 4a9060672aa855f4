"""`aura-api worker` end to end: events ingested through the API get aggregated by it.

The consumer group starts at the beginning of the stream, so tasks queued before the worker
is up are not lost.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

from api_factories import make_team, make_user
from event_factories import event
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import text


async def test_the_worker_process_aggregates_ingested_events(
    client: AsyncClient, app: FastAPI, database_url: str
) -> None:
    settings = app.state.resources.settings  # the worker must share the app's Redis keys
    env = {
        **os.environ,
        "AURA_DATABASE_URL": database_url,
        "AURA_REDIS_URL": settings.redis_url,
        "AURA_REDIS_NAMESPACE": getattr(settings, "redis_namespace", "aura"),
        "AURA_ENV": "test",
        "AURA_LOG_LEVEL": "WARNING",
    }
    cmd = [sys.executable, "-c", "from aura_api.cli import run; run()", "worker"]
    proc = await asyncio.create_subprocess_exec(
        *cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        alice = await make_user(client)
        await make_team(client, alice)
        batch = [event("audit.blocked") for _ in range(20)]
        r = await client.post("/api/v1/events", json={"events": batch}, headers=alice.headers)
        assert r.json()["accepted"] == 20
        pending = -1
        for _ in range(400):  # the worker may still be starting
            async with app.state.resources.engine.connect() as conn:
                rows = await conn.execute(
                    text("SELECT count(*) FROM events WHERE aggregated_at IS NULL")
                )
                pending = int(rows.scalar_one())
            if pending == 0:
                break
            await asyncio.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(proc.communicate(), 30)
    assert pending == 0, out.decode()
    assert b"Traceback" not in out, out.decode()
