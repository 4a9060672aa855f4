"""Team webhooks: CRUD and authorization, signed test delivery, retries, alerts, digests."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from api_factories import Account, add_member, assert_envelope, make_team, make_user
from aura_api.notifications import alerts
from aura_api.worker.broker import build_broker
from aura_api.worker.tasks import register_tasks
from conftest import settings_for_tests
from event_factories import event
from fastapi import FastAPI
from httpx import AsyncClient
from webhook_receiver import Call, webhook_receiver

SECRET = "a-shared-secret-of-some-length"


async def _team_with_lead(client: AsyncClient) -> tuple[str, Account, Account, Account]:
    admin, lead, member = [await make_user(client) for _ in range(3)]
    team = await make_team(client, admin)
    await add_member(client, team, admin, lead, "lead")
    await add_member(client, team, admin, member)
    return team, admin, lead, member


def _verify(call: Call, secret: str = SECRET) -> dict[str, Any]:
    expected = "sha256=" + hmac.new(secret.encode(), call.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(call.headers["X-Aura-Signature"], expected)
    payload = json.loads(call.body)
    assert call.headers["X-Aura-Timestamp"] == str(payload["aura"]["timestamp"])
    assert payload["text"] and payload["blocks"]
    return dict(payload)


async def _subscribe(client: AsyncClient, team: str, lead: Account, **body: Any) -> dict[str, Any]:
    r = await client.post(f"/api/v1/teams/{team}/webhooks", json=body, headers=lead.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_webhook_crud_and_authorization(client: AsyncClient) -> None:
    team, _, lead, member = await _team_with_lead(client)
    outsider = await make_user(client)
    base = f"/api/v1/teams/{team}/webhooks"
    body = {"url": "https://hooks.example.com/x", "events": ["weekly_digest"]}
    created = await _subscribe(client, team, lead, **body)
    assert created["secret"].startswith("whsec_")
    hook = f"{base}/{created['id']}"
    read = await client.get(hook, headers=lead.headers)
    assert "secret" not in read.json()
    assert (await client.get(base, headers=member.headers)).status_code == 403
    r = await client.get(base, headers=outsider.headers)
    assert r.status_code == 404
    assert_envelope(r.json(), "team_not_found")
    for bad in (
        {**body, "url": "ftp://example.com/x"},
        {**body, "events": ["threshold_alert"]},
        {**body, "events": []},
    ):
        assert (await client.post(base, json=bad, headers=lead.headers)).status_code == 422
    r = await client.patch(hook, json={"threshold": 5, "active": False}, headers=lead.headers)
    assert r.json()["threshold"] == 5 and r.json()["active"] is False
    listed = await client.get(base, headers=lead.headers)
    assert listed.json()["total"] == 1
    assert (await client.delete(hook, headers=lead.headers)).status_code == 204
    r = await client.get(hook, headers=lead.headers)
    assert r.status_code == 404
    assert_envelope(r.json(), "webhook_not_found")


async def test_test_delivery_is_signed_and_recorded(client: AsyncClient) -> None:
    team, _, lead, _ = await _team_with_lead(client)
    with webhook_receiver() as receiver:
        hook = await _subscribe(
            client, team, lead, url=receiver.url, secret=SECRET, events=["weekly_digest"]
        )
        r = await client.post(
            f"/api/v1/teams/{team}/webhooks/{hook['id']}/test", headers=lead.headers
        )
        assert r.status_code == 200, r.text
        assert r.json()["succeeded"] is True and r.json()["status_code"] == 200
        payload = _verify(receiver.wait_for(1)[0])
    assert payload["aura"]["kind"] == "test"
    log = await client.get(
        f"/api/v1/teams/{team}/webhooks/{hook['id']}/deliveries", headers=lead.headers
    )
    assert [d["kind"] for d in log.json()["items"]] == ["test"]


async def test_a_failing_receiver_gets_retries_with_backoff(
    client: AsyncClient, app: FastAPI
) -> None:
    team, _, lead, _ = await _team_with_lead(client)
    broker = build_broker(settings_for_tests(redis_url=None))
    tasks = register_tasks(broker)
    await broker.startup()
    try:
        with webhook_receiver(fail_first=2) as receiver:
            hook = await _subscribe(
                client, team, lead, url=receiver.url, secret=SECRET, events=["weekly_digest"]
            )
            payload = {
                "text": "hi",
                "blocks": [{"type": "divider"}],
                "aura": {"kind": "test", "timestamp": 1},
            }
            delivery_id = "7f1d2c3b-0000-4000-8000-000000000001"
            await (
                tasks.deliver.kicker()
                .with_labels(retry_base_delay=0.2)
                .kiq(hook["id"], "test", payload, delivery_id)
            )
            calls = await asyncio.to_thread(receiver.wait_for, 3)
            await broker.wait_all()
    finally:
        await broker.shutdown()
    assert len(calls) == 3
    for call in calls:
        _verify(call)
    gaps = [b.at - a.at for a, b in itertools.pairwise(calls)]
    assert gaps[0] >= 0.2 and gaps[1] >= 0.4  # exponential backoff
    log = await client.get(
        f"/api/v1/teams/{team}/webhooks/{hook['id']}/deliveries", headers=lead.headers
    )
    attempts = sorted((d["attempt"], d["succeeded"]) for d in log.json()["items"])
    assert attempts == [(1, False), (2, False), (3, True)]


async def test_threshold_alert_fires_once_per_rule_and_week(
    client: AsyncClient, app: FastAPI
) -> None:
    team, _, lead, member = await _team_with_lead(client)
    broker = build_broker(settings_for_tests(redis_url=None))
    tasks = register_tasks(broker)
    await broker.startup()

    async def blocked(n: int, rule: str = "debug/print") -> None:
        batch = [event("audit.blocked", rule_id=rule, team_id=team) for _ in range(n)]
        await client.post("/api/v1/events", json={"events": batch}, headers=member.headers)
        await tasks.aggregate.kiq([e["id"] for e in batch])
        await broker.wait_all()
        await broker.wait_all()  # the deliveries queued by the aggregation

    try:
        with webhook_receiver() as receiver:
            await _subscribe(
                client, team, lead, url=receiver.url, secret=SECRET,
                events=["threshold_alert"], rule_id="debug/print", threshold=2,
            )  # fmt: skip
            await blocked(2)
            await blocked(3, rule="secrets/aws-access-key")
            assert receiver.calls == []
            await blocked(1)
            calls = await asyncio.to_thread(receiver.wait_for, 1)
            await blocked(2)
            await asyncio.sleep(0.2)
    finally:
        await broker.shutdown()
    assert len(receiver.calls) == 1
    payload = _verify(calls[0])
    assert payload["aura"]["rule_id"] == "debug/print" and payload["aura"]["count"] == 3
    assert "debug/print" in payload["text"]


async def test_weekly_digest_summarises_last_week_once(client: AsyncClient, app: FastAPI) -> None:
    team, _, lead, member = await _team_with_lead(client)
    now = datetime.now(UTC)
    last_week = now - timedelta(days=7)
    batch = [
        event("audit.blocked", occurred_at=last_week.isoformat(), path="src/a.py"),
        event("audit.blocked", occurred_at=last_week.isoformat(), path="src/a.py"),
        event("lesson.shown", occurred_at=last_week.isoformat(), path="src/b.py"),
        event("lesson.shown", occurred_at=now.isoformat()),  # this week: not in the digest
    ]
    await client.post("/api/v1/events", json={"events": batch}, headers=member.headers)
    await _subscribe(
        client, team, lead, url="https://hooks.example.com/d", events=["weekly_digest"]
    )
    queued: list[tuple[str, str, dict[str, Any], str]] = []

    async def enqueue(*item: Any) -> None:
        queued.append(item)  # type: ignore[arg-type]

    factory = app.state.resources.session_factory
    assert await alerts.send_weekly_digests(factory, enqueue, now) == 1
    assert await alerts.send_weekly_digests(factory, enqueue, now) == 0
    payload = queued[0][2]
    assert payload["aura"]["types"] == [
        {"name": "audit.blocked", "count": 2},
        {"name": "lesson.shown", "count": 1},
    ]
    assert payload["aura"]["paths"][0] == {"name": "src/a.py", "count": 2}
    assert "3 events" in payload["text"]
