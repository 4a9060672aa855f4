from __future__ import annotations

from api_factories import assert_envelope
from conftest import AppFactory
from httpx import AsyncClient


async def test_live_and_ready(client: AsyncClient) -> None:
    assert (await client.get("/health/live")).json() == {"status": "ok"}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {
        "database": {"status": "ok", "detail": None},
        "redis": {"status": "ok", "detail": None},
    }


async def test_ready_is_503_when_the_database_is_down(make_client: AppFactory) -> None:
    client = await make_client(database_url="postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    r = await client.get("/health/ready")
    assert r.status_code == 503
    assert_envelope(r.json(), "not_ready")
    assert r.json()["error"]["details"]["database"]["status"] == "down"
    assert (await client.get("/health/live")).status_code == 200


async def test_metrics_count_requests_by_route_template(client: AsyncClient) -> None:
    await client.get("/api/v1/teams/00000000-0000-0000-0000-000000000000")
    text = (await client.get("/metrics")).text
    assert (
        'aura_http_requests_total{method="GET",route="/api/v1/teams/{team_id}",status="401"}'
        in text
    )
    assert "aura_http_request_duration_seconds_bucket" in text
    assert "00000000-0000" not in text  # ids never become label values
