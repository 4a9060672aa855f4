"""Seed analytics the way production does: ingest through the API, then run the worker's
aggregation job on exactly those events."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from api_factories import Account
from aura_api.worker.jobs import aggregate_events
from fastapi import FastAPI
from httpx import AsyncClient

BASE = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)


def ev(type_: str, minutes: float, team: str | None, **fields: Any) -> dict[str, Any]:
    """An event `minutes` after BASE (three days ago)."""
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "type": type_,
        "source": "cli",
        "occurred_at": (BASE + timedelta(minutes=minutes)).isoformat(),
        "repo": "github.com/acme/shop",
        "data": {},
    }
    if team is not None:
        body["team_id"] = team
    body.update(fields)
    return body


async def ingest(
    client: AsyncClient, app: FastAPI, who: Account, events: list[dict[str, Any]]
) -> None:
    for start in range(0, len(events), 500):
        chunk = events[start : start + 500]
        r = await client.post("/api/v1/events", json={"events": chunk}, headers=who.headers)
        assert r.status_code == 200, r.text
        assert r.json()["rejected"] == [], r.text
    factory = app.state.resources.session_factory
    done = await aggregate_events(factory, [uuid.UUID(e["id"]) for e in events])
    assert done.applied == len(events)
