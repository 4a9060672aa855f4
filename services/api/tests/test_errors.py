"""The error envelope for every kind of bad request, and for unexpected failures."""

from __future__ import annotations

from api_factories import assert_envelope, make_user
from conftest import AppFactory
from fastapi import APIRouter
from httpx import AsyncClient


async def test_malformed_json_is_400(client: AsyncClient) -> None:
    r = await client.post(
        "/api/v1/auth/login", content=b'{"email": ', headers={"content-type": "application/json"}
    )
    assert r.status_code == 400
    assert_envelope(r.json(), "malformed_body")


async def test_wrong_types_are_422_with_field_details(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.post(
        "/api/v1/tokens", json={"name": 42, "expires_in_days": "soon"}, headers=user.headers
    )
    assert r.status_code == 422
    assert_envelope(r.json(), "validation_error")
    locs = {tuple(e["loc"]) for e in r.json()["error"]["details"]["errors"]}
    assert ("body", "name") in locs and ("body", "expires_in_days") in locs


async def test_body_of_wrong_shape_is_422(client: AsyncClient) -> None:
    r = await client.post("/api/v1/auth/login", json=["not", "an", "object"])
    assert r.status_code == 422


async def test_unknown_route_is_404_envelope_with_request_id_header(client: AsyncClient) -> None:
    r = await client.get("/api/v1/nope")
    assert r.status_code == 404
    assert_envelope(r.json(), "not_found")
    assert r.json()["error"]["request_id"] == r.headers["x-request-id"]


async def test_incoming_request_id_is_kept(client: AsyncClient) -> None:
    r = await client.get("/api/v1/nope", headers={"X-Request-ID": "trace-123"})
    assert r.json()["error"]["request_id"] == "trace-123"
    bad = await client.get("/api/v1/nope", headers={"X-Request-ID": "bad id with spaces"})
    assert bad.headers["x-request-id"] != "bad id with spaces"


async def test_wrong_method_is_405(client: AsyncClient) -> None:
    r = await client.put("/api/v1/auth/me")
    assert r.status_code == 405
    assert_envelope(r.json(), "method_not_allowed")


async def test_oversized_body_is_413(make_client: AppFactory) -> None:
    client = await make_client(max_body_bytes=1024)
    r = await client.post(
        "/api/v1/auth/register", content=b"x" * 4096, headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert_envelope(r.json(), "payload_too_large")


async def test_oversized_streamed_body_without_length_is_413(make_client: AppFactory) -> None:
    client = await make_client(max_body_bytes=1024)

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(8):
            yield b"y" * 512

    r = await client.post(
        "/api/v1/auth/register", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert_envelope(r.json(), "payload_too_large")


async def test_unexpected_error_is_500_envelope_without_internals(make_client: AppFactory) -> None:
    client = await make_client()
    app = client._transport.app  # type: ignore[attr-defined]
    boom = APIRouter()

    @boom.get("/boom")
    async def read_boom() -> None:
        raise RuntimeError("secret internal detail")

    app.include_router(boom)
    r = await client.get("/boom")
    assert r.status_code == 500
    assert_envelope(r.json(), "internal_error")
    assert "secret internal detail" not in r.text
    assert r.headers["x-request-id"] == r.json()["error"]["request_id"]


async def test_security_headers_on_every_response(client: AsyncClient) -> None:
    for path in ("/health/live", "/api/v1/nope"):
        r = await client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "default-src 'none'" in r.headers["content-security-policy"]


async def test_cors_allows_configured_origins_only(make_client: AppFactory) -> None:
    client = await make_client(cors_origins=["https://dash.example.com"])
    preflight = {"Access-Control-Request-Method": "POST"}
    ok = await client.options(
        "/api/v1/auth/login", headers={"Origin": "https://dash.example.com", **preflight}
    )
    assert ok.headers["access-control-allow-origin"] == "https://dash.example.com"
    evil = await client.options(
        "/api/v1/auth/login", headers={"Origin": "https://evil.example", **preflight}
    )
    assert "access-control-allow-origin" not in evil.headers
