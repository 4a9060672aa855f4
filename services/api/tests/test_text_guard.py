"""NUL characters (which PostgreSQL cannot store) get a 422 envelope, never a 500."""

from __future__ import annotations

import uuid

import pytest
from api_factories import assert_envelope, make_user
from aura_api.middleware.text_guard import has_nul_escape
from httpx import AsyncClient


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (rb'{"a": "x\u0000y"}', True),
        (rb'{"a": "\u0000"}', True),
        (rb'{"a": "\\\u0000"}', True),  # an escaped backslash, then a NUL escape
        (rb'{"a": "\\u0000"}', False),  # a literal backslash followed by the text u0000
        (rb'{"a": "u0000"}', False),
        (rb'{"a": "\u00001"}', True),
    ],
)
def test_nul_escape_detection(body: bytes, expected: bool) -> None:
    assert has_nul_escape(body) is expected


async def test_nul_in_a_body_is_422(client: AsyncClient) -> None:
    user = await make_user(client)
    for method, path, body in (
        ("POST", "/api/v1/teams", {"name": "a\x00b"}),
        ("POST", "/api/v1/tokens", {"name": "t\x00"}),
        ("PATCH", "/api/v1/auth/me", {"display_name": "\x00"}),
    ):
        r = await client.request(method, path, json=body, headers=user.headers)
        assert r.status_code == 422, path
        assert_envelope(r.json(), "invalid_characters")


async def test_literal_backslash_u0000_text_is_accepted(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.post("/api/v1/teams", json={"name": "a\\u0000b"}, headers=user.headers)
    assert r.status_code == 201
    assert r.json()["name"] == "a\\u0000b"


async def test_nul_in_a_query_string_is_422(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.get("/api/v1/events?repo=a%00b", headers=user.headers)
    assert r.status_code == 422
    assert_envelope(r.json(), "invalid_characters")


async def test_an_event_with_nul_is_rejected_alone(client: AsyncClient) -> None:
    user = await make_user(client)

    def event(repo: str) -> dict[str, object]:
        return {"id": str(uuid.uuid4()), "type": "audit.passed", "source": "cli",
                "occurred_at": "2026-01-01T00:00:00Z", "repo": repo, "data": {}}  # fmt: skip

    r = await client.post(
        "/api/v1/events", json={"events": [event("ok"), event("bad\x00")]}, headers=user.headers
    )
    assert r.status_code == 200
    assert r.json()["accepted"] == 1
    assert [x["index"] for x in r.json()["rejected"]] == [1]
