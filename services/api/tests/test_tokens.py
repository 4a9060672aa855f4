from __future__ import annotations

import asyncpg
from api_factories import assert_envelope, make_api_token, make_user
from httpx import AsyncClient


async def test_token_is_shown_once_and_stored_hashed(
    client: AsyncClient, database_url: str
) -> None:
    user = await make_user(client)
    created = await make_api_token(client, user, "laptop")
    assert created["token"].startswith("aura_pat_")
    assert created["token_prefix"] == created["token"][:13]
    listed = await client.get("/api/v1/tokens", headers=user.headers)
    assert listed.json()["total"] == 1
    assert "token" not in listed.json()["items"][0]
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    stored = await conn.fetchval("SELECT token_hash FROM api_tokens")
    await conn.close()
    assert created["token"] not in stored and len(stored) == 64


async def test_api_token_authenticates_and_records_last_use(client: AsyncClient) -> None:
    user = await make_user(client)
    token = await make_api_token(client, user)
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token['token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    listed = await client.get("/api/v1/tokens", headers=user.headers)
    assert listed.json()["items"][0]["last_used_at"] is not None


async def test_revoked_token_stops_working_at_once(client: AsyncClient) -> None:
    user = await make_user(client)
    token = await make_api_token(client, user)
    pat = {"Authorization": f"Bearer {token['token']}"}
    assert (await client.get("/api/v1/auth/me", headers=pat)).status_code == 200  # now cached
    r = await client.delete(f"/api/v1/tokens/{token['id']}", headers=user.headers)
    assert r.status_code == 204
    after = await client.get("/api/v1/auth/me", headers=pat)
    assert after.status_code == 401
    assert_envelope(after.json(), "invalid_token")


async def test_expired_token_is_rejected(client: AsyncClient, database_url: str) -> None:
    user = await make_user(client)
    token = await make_api_token(client, user)
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    await conn.execute("UPDATE api_tokens SET expires_at = now() - interval '1 minute'")
    await conn.close()
    r = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token['token']}"})
    assert r.status_code == 401


async def test_cannot_revoke_someone_elses_token(client: AsyncClient) -> None:
    alice, mallory = await make_user(client), await make_user(client)
    token = await make_api_token(client, alice)
    r = await client.delete(f"/api/v1/tokens/{token['id']}", headers=mallory.headers)
    assert r.status_code == 404
    assert_envelope(r.json(), "token_not_found")
    ok = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token['token']}"})
    assert ok.status_code == 200


async def test_token_validation(client: AsyncClient) -> None:
    user = await make_user(client)
    for body in ({"name": ""}, {"name": "x", "expires_in_days": 0}, {"name": "x", "extra": 1}):
        r = await client.post("/api/v1/tokens", json=body, headers=user.headers)
        assert r.status_code == 422, body
    r = await client.post(
        "/api/v1/tokens", json={"name": "x", "expires_in_days": 30}, headers=user.headers
    )
    assert r.json()["expires_at"] is not None


async def test_unknown_api_token_is_401(client: AsyncClient) -> None:
    r = await client.get("/api/v1/auth/me", headers={"Authorization": "Bearer aura_pat_unknown"})
    assert r.status_code == 401
