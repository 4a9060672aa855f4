"""Aggregation jobs: exactly-once application, retries with backoff, the sweep, Redis down."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from api_factories import make_team, make_user
from aura_api.events.records import StoredEvent
from aura_api.worker import analytics_hook, jobs
from aura_api.worker.broker import build_broker
from aura_api.worker.tasks import register_tasks
from conftest import settings_for_tests
from event_factories import event
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def _ingest(client: AsyncClient, n: int = 5, type_: str = "audit.finding") -> list[str]:
    alice = await make_user(client)
    await make_team(client, alice)
    batch = [event(type_) for _ in range(n)]
    r = await client.post("/api/v1/events", json={"events": batch}, headers=alice.headers)
    assert r.json()["accepted"] == n
    return [e["id"] for e in batch]


async def _unaggregated(app: FastAPI) -> int:
    async with app.state.resources.engine.connect() as conn:
        rows = await conn.execute(text("SELECT count(*) FROM events WHERE aggregated_at IS NULL"))
        return int(rows.scalar_one())


class Ledger:
    """Stands in for the analytics hook: records what was applied, can fail first."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.applied: list[uuid.UUID] = []

    async def __call__(self, session: AsyncSession, events: Sequence[StoredEvent]) -> None:
        await session.execute(text("SELECT 1"))
        if self.failures > 0:
            self.failures -= 1
            raise RuntimeError("analytics hiccup")
        self.applied += [e.id for e in events]


async def test_each_event_is_applied_once(
    client: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger()
    monkeypatch.setattr(analytics_hook, "apply_events", ledger)
    ids = [uuid.UUID(i) for i in await _ingest(client)]
    factory = app.state.resources.session_factory
    first = await jobs.aggregate_events(factory, ids)
    again = await jobs.aggregate_events(factory, ids)
    assert (first.applied, again.applied) == (5, 0)
    assert sorted(ledger.applied) == sorted(ids)
    assert await _unaggregated(app) == 0


async def test_a_failing_job_is_retried_and_applies_once(
    client: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger(failures=2)
    monkeypatch.setattr(analytics_hook, "apply_events", ledger)
    ids = await _ingest(client)
    broker = build_broker(settings_for_tests(redis_url=None))  # in memory, same retry policy
    tasks = register_tasks(broker)
    await broker.startup()
    try:
        started = datetime.now(UTC)
        await tasks.aggregate.kicker().with_labels(retry_base_delay=0.2).kiq(ids)
        await broker.wait_all()
        for _ in range(50):  # a retry is a new task, kicked by the failed one
            if ledger.applied:
                break
            await broker.wait_all()
        elapsed = (datetime.now(UTC) - started).total_seconds()
    finally:
        await broker.shutdown()
    assert ledger.failures == 0
    assert sorted(map(str, ledger.applied)) == sorted(ids)
    assert elapsed >= 0.2 + 0.4  # backoff doubled between the two retries
    assert await _unaggregated(app) == 0


async def test_the_sweep_reenqueues_stale_events(
    client: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger()
    monkeypatch.setattr(analytics_hook, "apply_events", ledger)
    ids = await _ingest(client, 3)
    factory = app.state.resources.session_factory
    assert await jobs.find_stale(factory) == []  # just arrived: the queued job will do them
    async with app.state.resources.engine.begin() as conn:
        await conn.execute(
            text("UPDATE events SET received_at = :t"),
            {"t": datetime.now(UTC) - timedelta(minutes=10)},
        )
    broker = build_broker(settings_for_tests(redis_url=None))
    tasks = register_tasks(broker)
    await broker.startup()
    try:
        assert await (await tasks.sweep.kiq()).wait_result(timeout=10) is not None
        await broker.wait_all()
    finally:
        await broker.shutdown()
    assert sorted(map(str, ledger.applied)) == sorted(ids)
    assert await _unaggregated(app) == 0


async def test_ingest_succeeds_when_the_queue_is_down(
    make_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger()
    monkeypatch.setattr(analytics_hook, "apply_events", ledger)
    client = await make_client(redis_url="redis://127.0.0.1:1/0", redis_timeout_seconds=0.1)
    ids = await _ingest(client, 4)
    second = await client.post(
        "/api/v1/events",
        json={"events": [event()]},
        headers=(await make_user(client)).headers,
    )
    assert second.json()["accepted"] == 1
    app = client._transport.app  # type: ignore[attr-defined]
    stale = await jobs.find_stale(app.state.resources.session_factory, older_than=timedelta(0))
    assert len(stale[0]) == 5
    await jobs.aggregate_events(app.state.resources.session_factory, stale[0])
    assert set(map(str, ledger.applied)) >= set(ids)


async def test_a_job_fills_its_batch_with_other_pending_events(
    client: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger()
    monkeypatch.setattr(analytics_hook, "apply_events", ledger)
    first = [uuid.UUID(i) for i in await _ingest(client, 3)]
    second = [uuid.UUID(i) for i in await _ingest(client, 4)]
    factory = app.state.resources.session_factory
    assert (await jobs.aggregate_events(factory, first)).applied == 7  # the other job's too
    assert (await jobs.aggregate_events(factory, second)).applied == 0  # found done
    assert sorted(ledger.applied) == sorted(first + second)
    assert await _unaggregated(app) == 0


class Poisoned(Ledger):
    """Fails every batch that holds one particular event."""

    def __init__(self, poison: uuid.UUID) -> None:
        super().__init__()
        self.poison = poison

    async def __call__(self, session: AsyncSession, events: Sequence[StoredEvent]) -> None:
        if any(e.id == self.poison for e in events):
            raise RuntimeError("cannot apply this event")
        await super().__call__(session, events)


async def test_an_event_that_fails_stalls_only_its_own_job(
    client: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = [uuid.UUID(i) for i in await _ingest(client, 2)]
    good = [uuid.UUID(i) for i in await _ingest(client, 3)]
    ledger = Poisoned(bad[0])
    monkeypatch.setattr(analytics_hook, "apply_events", ledger)
    factory = app.state.resources.session_factory
    # The filled batch holds the bad event and fails; the job applies its own events alone.
    assert (await jobs.aggregate_events(factory, good)).applied == 3
    with pytest.raises(RuntimeError):
        await jobs.aggregate_events(factory, bad)  # retried by the broker, then the sweep
    assert sorted(ledger.applied) == sorted(good)
    assert await _unaggregated(app) == 2  # nothing lost
