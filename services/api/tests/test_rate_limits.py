from __future__ import annotations

from api_factories import assert_envelope, make_user
from conftest import AppFactory
from httpx import AsyncClient


async def test_ip_limit_answers_429_with_retry_after(make_client: AppFactory) -> None:
    client = await make_client(rate_limit_ip_per_minute=5)
    statuses = [(await client.get("/api/v1/nope")).status_code for _ in range(5)]
    assert statuses == [404] * 5
    r = await client.get("/api/v1/nope")
    assert r.status_code == 429
    assert_envelope(r.json(), "rate_limited")
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert r.headers["x-ratelimit-limit"] == "5"
    assert r.headers["x-ratelimit-remaining"] == "0"


async def test_health_is_never_rate_limited(make_client: AppFactory) -> None:
    client = await make_client(rate_limit_ip_per_minute=1)
    for _ in range(5):
        assert (await client.get("/health/live")).status_code == 200


async def test_user_limit_counts_per_user(make_client: AppFactory) -> None:
    client = await make_client(rate_limit_user_per_minute=3)
    alice, bob = await make_user(client), await make_user(client)
    for _ in range(3):
        assert (await client.get("/api/v1/auth/me", headers=alice.headers)).status_code == 200
    limited = await client.get("/api/v1/auth/me", headers=alice.headers)
    assert limited.status_code == 429
    assert "retry-after" in limited.headers
    assert (await client.get("/api/v1/auth/me", headers=bob.headers)).status_code == 200


async def test_login_attempts_have_their_own_tight_limit(make_client: AppFactory) -> None:
    client = await make_client(rate_limit_auth_per_minute=3)
    body = {"email": "who@example.com", "password": "wrong-password"}
    codes = [(await client.post("/api/v1/auth/login", json=body)).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


async def test_limits_are_shared_through_redis_across_replicas(make_client: AppFactory) -> None:
    first = await make_client(rate_limit_ip_per_minute=4)
    second = await make_client(rate_limit_ip_per_minute=4)
    for c in (first, second, first, second):
        assert (await c.get("/api/v1/nope")).status_code == 404
    assert (await second.get("/api/v1/nope")).status_code == 429


async def test_rate_limit_headers_on_success(client: AsyncClient) -> None:
    r = await client.get("/api/v1/nope")
    assert int(r.headers["x-ratelimit-remaining"]) < int(r.headers["x-ratelimit-limit"])
