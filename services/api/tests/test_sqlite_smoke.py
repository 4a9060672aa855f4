"""The embedded default: SQLite in a data folder, no Redis, migrated on start."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_factories import add_member, make_api_token, make_team, make_user
from asgi_lifespan import LifespanManager
from aura_api.main import create_app
from conftest import settings_for_tests
from httpx import ASGITransport, AsyncClient


@pytest.fixture
async def embedded(tmp_path: Path) -> AsyncIterator[AsyncClient]:
    settings = settings_for_tests(
        None, redis_url=None, data_dir=tmp_path / "data", refresh_reuse_grace_seconds=0
    )
    app = create_app(settings)
    async with LifespanManager(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://embedded") as client:
            yield client
    assert (tmp_path / "data" / "aura.db").exists()


async def test_embedded_mode_serves_the_whole_foundation(embedded: AsyncClient) -> None:
    ready = await embedded.get("/health/ready")
    assert ready.json()["checks"]["redis"]["status"] == "not_configured"
    alice, bob = await make_user(embedded), await make_user(embedded)
    team = await make_team(embedded, alice)
    await add_member(embedded, team, alice, bob, "lead")
    token = await make_api_token(embedded, bob)
    pat = {"Authorization": f"Bearer {token['token']}"}
    me = await embedded.get("/api/v1/auth/me", headers=pat)
    assert me.json()["email"] == bob.email
    members = await embedded.get(f"/api/v1/teams/{team}/members", headers=pat)
    assert {m["role"] for m in members.json()["items"]} == {"admin", "lead"}
    r = await embedded.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
    assert r.status_code == 200
    embedded.cookies.clear()
    reuse = await embedded.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
    assert reuse.json()["error"]["code"] == "refresh_token_reused"
    revoked = await embedded.delete(f"/api/v1/tokens/{token['id']}", headers=bob.headers)
    assert revoked.status_code == 204
    assert (await embedded.get("/api/v1/auth/me", headers=pat)).status_code == 401


async def test_embedded_rate_limit_counts_in_process(tmp_path: Path) -> None:
    settings = settings_for_tests(
        None, redis_url=None, data_dir=tmp_path / "d", rate_limit_ip_per_minute=2
    )
    app = create_app(settings)
    async with LifespanManager(app):
        transport = ASGITransport(app=app)
        async with AsyncClient(transport=transport, base_url="http://embedded") as client:
            codes = [(await client.get("/api/v1/nope")).status_code for _ in range(3)]
    assert codes == [404, 404, 429]
