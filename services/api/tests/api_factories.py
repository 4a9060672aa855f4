"""Factories that create users, teams and tokens through the API itself."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field

import leak_scan
from httpx import AsyncClient

PASSWORD = "correct-horse-battery"
_seq = itertools.count()


@dataclass
class Account:
    id: str
    email: str
    password: str
    access_token: str
    refresh_token: str
    headers: dict[str, str] = field(default_factory=dict)


async def make_user(client: AsyncClient, *, email: str | None = None) -> Account:
    email = email or f"user{next(_seq)}-{uuid.uuid4().hex[:6]}@example.com"
    r = await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    r = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    body = r.json()
    client.cookies.clear()  # tests opt into cookie auth explicitly
    leak_scan.remember(PASSWORD, body["access_token"], body["refresh_token"])
    return Account(
        id=user_id,
        email=email,
        password=PASSWORD,
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
        headers={"Authorization": f"Bearer {body['access_token']}"},
    )


async def make_team(client: AsyncClient, owner: Account, name: str | None = None) -> str:
    r = await client.post(
        "/api/v1/teams", json={"name": name or f"Team {next(_seq)}"}, headers=owner.headers
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def add_member(
    client: AsyncClient, team_id: str, admin: Account, who: Account, role: str = "member"
) -> None:
    r = await client.post(
        f"/api/v1/teams/{team_id}/members",
        json={"email": who.email, "role": role},
        headers=admin.headers,
    )
    assert r.status_code == 201, r.text


async def make_api_token(client: AsyncClient, owner: Account, name: str = "cli") -> dict[str, str]:
    r = await client.post("/api/v1/tokens", json={"name": name}, headers=owner.headers)
    assert r.status_code == 201, r.text
    leak_scan.remember(r.json()["token"])
    return dict(r.json())


def assert_envelope(body: dict[str, object], code: str) -> None:
    """Every error has the one envelope shape, with a request id."""
    assert set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error, dict)
    assert set(error) == {"code", "message", "details", "request_id"}, error
    assert error["code"] == code, error
    assert error["request_id"], error
