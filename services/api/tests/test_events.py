"""POST/GET /api/v1/events: idempotent batches, item-by-item rejection, redaction, visibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api_factories import add_member, assert_envelope, make_api_token, make_team, make_user
from event_factories import event
from httpx import AsyncClient


async def test_duplicates_are_accepted_and_ignored(client: AsyncClient) -> None:
    alice = await make_user(client)
    token = await make_api_token(client, alice)
    pat = {"Authorization": f"Bearer {token['token']}"}
    batch = [event(), event("audit.blocked"), event("lesson.shown")]
    r = await client.post("/api/v1/events", json={"events": batch}, headers=pat)
    assert r.status_code == 200, r.text
    assert r.json() == {"accepted": 3, "duplicates": 0, "rejected": []}
    again = [*batch[:2], event("fix.applied"), batch[2], batch[2]]
    r = await client.post("/api/v1/events", json={"events": again}, headers=pat)
    assert r.json() == {"accepted": 1, "duplicates": 4, "rejected": []}
    listed = await client.get("/api/v1/events", headers=pat)
    assert len(listed.json()["items"]) == 4


async def test_invalid_events_are_rejected_one_by_one(client: AsyncClient) -> None:
    alice = await make_user(client)
    future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    good = event()
    batch = [
        good,
        event("audit.exploded"),
        event(occurred_at=future),
        event(data={"blob": "x" * 5000}),
        "not an object",
        event(source="fax"),
        {**event(), "id": "not-a-uuid"},
        event(team_id="00000000-0000-0000-0000-000000000001"),
        event("fix.applied"),
    ]
    r = await client.post("/api/v1/events", json={"events": batch}, headers=alice.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["accepted"] == 2 and body["duplicates"] == 0
    codes = {item["index"]: item["error"]["code"] for item in body["rejected"]}
    assert codes == {
        1: "unknown_event_type",
        2: "occurred_in_future",
        3: "data_too_large",
        4: "invalid_event",
        5: "unknown_source",
        6: "invalid_event",
        7: "team_not_member",
    }
    assert body["rejected"][0]["id"] == batch[1]["id"]
    assert body["rejected"][3]["id"] is None


async def test_batch_limits_and_body_shape(client: AsyncClient) -> None:
    alice = await make_user(client)
    r = await client.post(
        "/api/v1/events", json={"events": [event() for _ in range(501)]}, headers=alice.headers
    )
    assert r.status_code == 413
    assert_envelope(r.json(), "batch_too_large")
    for body in ([event()], {"events": {"id": 1}}, {"events": []}, {"other": []}):
        r = await client.post("/api/v1/events", json=body, headers=alice.headers)
        assert r.status_code == 422, body
        assert_envelope(r.json(), "validation_error")
    r = await client.post("/api/v1/events", json={"events": [event()]})
    assert r.status_code == 401
    r = await client.post(
        "/api/v1/events", json={"events": [event() for _ in range(500)]}, headers=alice.headers
    )
    assert r.json()["accepted"] == 500


async def test_the_server_redacts_and_never_stores_code(client: AsyncClient) -> None:
    alice = await make_user(client)
    secret = "AKIA" + "Q7RZ3LMXW2KD5PTV"
    sent = event(
        path=f"config/{secret}.env",
        data={"snippet": f'KEY = "{secret}"', "code": "print(1)", "nested": {"diff": "+x"}, "n": 3},
    )
    r = await client.post("/api/v1/events", json={"events": [sent]}, headers=alice.headers)
    assert r.json()["accepted"] == 1
    stored = (await client.get("/api/v1/events", headers=alice.headers)).json()["items"][0]
    assert secret not in str(stored)
    assert "[redacted]" in stored["path"] and "[redacted]" in stored["data"]["snippet"]
    assert "code" not in stored["data"] and stored["data"]["nested"] == {}
    assert stored["data"]["n"] == 3


async def test_visibility_member_lead_outsider(client: AsyncClient) -> None:
    admin, lead, member, other, outsider = [await make_user(client) for _ in range(5)]
    team = await make_team(client, admin)
    await add_member(client, team, admin, lead, "lead")
    await add_member(client, team, admin, member)
    await add_member(client, team, admin, other)
    await make_team(client, outsider)
    for who in (member, other, outsider):  # one team each: events default to it
        r = await client.post("/api/v1/events", json={"events": [event()]}, headers=who.headers)
        assert r.json()["accepted"] == 1

    def users(r: object) -> set[str]:
        return {e["user_id"] for e in r.json()["items"]}  # type: ignore[attr-defined]

    own = await client.get("/api/v1/events", headers=member.headers)
    assert users(own) == {member.id}
    scoped = await client.get(f"/api/v1/events?team_id={team}", headers=member.headers)
    assert users(scoped) == {member.id}
    r = await client.get(
        f"/api/v1/events?team_id={team}&user_id={other.id}", headers=member.headers
    )
    assert r.status_code == 403
    assert_envelope(r.json(), "insufficient_role")
    r = await client.get(f"/api/v1/events?user_id={other.id}", headers=lead.headers)
    assert r.status_code == 403
    team_view = await client.get(f"/api/v1/events?team_id={team}", headers=lead.headers)
    assert users(team_view) == {member.id, other.id}
    one = await client.get(
        f"/api/v1/events?team_id={team}&user_id={other.id}", headers=lead.headers
    )
    assert users(one) == {other.id}
    r = await client.get(f"/api/v1/events?team_id={team}", headers=outsider.headers)
    assert r.status_code == 404
    assert_envelope(r.json(), "team_not_found")


async def test_team_header_and_explicit_team(client: AsyncClient) -> None:
    alice = await make_user(client)
    first, second = await make_team(client, alice), await make_team(client, alice)
    batch = [event(), event(team_id=second)]
    r = await client.post(
        "/api/v1/events", json={"events": batch}, headers={**alice.headers, "X-Aura-Team": first}
    )
    assert r.json()["accepted"] == 2
    items = (await client.get("/api/v1/events", headers=alice.headers)).json()["items"]
    assert {e["id"]: e["team_id"] for e in items} == {
        batch[0]["id"]: first,
        batch[1]["id"]: second,
    }
    r = await client.post("/api/v1/events", json={"events": [event()]}, headers=alice.headers)
    nowhere = r.json()["accepted"] == 1
    assert nowhere  # two teams and no header: stored without a team, visible to its author
    foreign = await make_team(client, await make_user(client))
    batch = [event(), event(team_id=first)]
    r = await client.post(
        "/api/v1/events", json={"events": batch}, headers={**alice.headers, "X-Aura-Team": foreign}
    )
    assert r.json()["accepted"] == 1
    assert [(x["index"], x["error"]["code"]) for x in r.json()["rejected"]] == [
        (0, "team_not_member")
    ]


async def test_filters_and_cursor_pagination(client: AsyncClient) -> None:
    alice = await make_user(client)
    base = datetime(2026, 11, 2, 12, tzinfo=UTC)
    batch = [
        event(
            "audit.blocked" if i % 2 else "lesson.shown",
            occurred_at=(base + timedelta(minutes=i // 3)).isoformat(),
            rule_id=f"rule/{i % 3}",
        )
        for i in range(25)
    ]
    await client.post("/api/v1/events", json={"events": batch}, headers=alice.headers)
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/v1/events", params=params, headers=alice.headers)).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 25 and len(set(seen)) == 25
    blocked = await client.get(
        "/api/v1/events",
        params={"type": "audit.blocked", "rule_id": "rule/1", "since": base.isoformat()},
        headers=alice.headers,
    )
    expected = {e["id"] for i, e in enumerate(batch) if i % 2 and i % 3 == 1}
    assert {e["id"] for e in blocked.json()["items"]} == expected
    r = await client.get("/api/v1/events?cursor=bogus", headers=alice.headers)
    assert r.status_code == 422
    assert_envelope(r.json(), "validation_error")
    # Every cursor the pattern allows is a position: all zeros is before everything.
    zero = "0_" + "0" * 32
    r = await client.get(f"/api/v1/events?cursor={zero}", headers=alice.headers)
    assert r.status_code == 200 and r.json()["items"] == []
