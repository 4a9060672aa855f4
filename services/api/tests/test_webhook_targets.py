"""Webhooks reach public http(s) addresses only (unless the instance allows private ones)."""

from __future__ import annotations

import uuid
from typing import Any

from api_factories import assert_envelope, make_team, make_user
from aura_api.notifications import alerts
from httpx import AsyncClient
from webhook_receiver import webhook_receiver

NOT_PUBLIC = [
    "http://127.0.0.1:8080/hook",
    "http://localhost/hook",
    "http://10.1.2.3/hook",
    "https://192.168.1.10/hook",
    "http://172.16.0.5/hook",
    "http://100.64.0.1/hook",  # shared address space (carrier-grade NAT)
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://0.0.0.0/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fd00:ec2::254]/hook",
    "http://[fe80::1]/hook",
    "http://224.0.0.1/hook",
    "https://no-such-host.invalid/hook",
]


async def _lead_team(client: AsyncClient) -> tuple[str, dict[str, str]]:
    lead = await make_user(client)
    return await make_team(client, lead), lead.headers


async def test_private_and_special_addresses_are_refused(make_client: Any) -> None:
    client = await make_client(webhooks_allow_private_targets=False)
    team, headers = await _lead_team(client)
    base = f"/api/v1/teams/{team}/webhooks"
    for url in NOT_PUBLIC:
        r = await client.post(base, json={"url": url, "events": ["weekly_digest"]}, headers=headers)
        assert r.status_code == 422, (url, r.text)
        assert_envelope(r.json(), "webhook_target_not_allowed")
    public = {"url": "https://93.184.216.34/hook", "events": ["weekly_digest"]}
    r = await client.post(base, json=public, headers=headers)
    assert r.status_code == 201, r.text
    hook = f"{base}/{r.json()['id']}"
    r = await client.patch(hook, json={"url": "http://127.0.0.1/hook"}, headers=headers)
    assert r.status_code == 422
    assert_envelope(r.json(), "webhook_target_not_allowed")
    assert (await client.get(hook, headers=headers)).json()["url"] == public["url"]


async def test_deliveries_check_the_address_again(make_client: Any) -> None:
    """A webhook saved while private targets were allowed (or whose name now resolves to a
    private address) is refused at delivery: recorded as blocked, never sent, not retried."""
    permissive = await make_client()
    strict = await make_client(webhooks_allow_private_targets=False)
    team, headers = await _lead_team(permissive)
    with webhook_receiver() as receiver:
        r = await permissive.post(
            f"/api/v1/teams/{team}/webhooks",
            json={"url": receiver.url, "events": ["weekly_digest"]},
            headers=headers,
        )
        hook = r.json()["id"]
        r = await strict.post(f"/api/v1/teams/{team}/webhooks/{hook}/test", headers=headers)
        assert r.status_code == 200, r.text
        assert r.json()["succeeded"] is False and r.json()["error"].startswith("blocked: ")
        app = strict._transport.app  # type: ignore[attr-defined]
        factory = app.state.resources.session_factory
        retried = await alerts.deliver(
            factory, uuid.UUID(hook), "test", {"aura": {}}, uuid.uuid4(), allow_private=False
        )
        assert retried is False  # no DeliveryFailed: a retry would be refused the same way
        assert receiver.calls == []
        r = await permissive.post(f"/api/v1/teams/{team}/webhooks/{hook}/test", headers=headers)
        assert r.json()["succeeded"] is True and len(receiver.wait_for(1)) == 1
