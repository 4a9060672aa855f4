"""Workflow runs persist in the embedded SQLite database too."""

from __future__ import annotations

from pathlib import Path

from api_factories import make_user
from asgi_lifespan import LifespanManager
from aura_api.main import create_app
from conftest import settings_for_tests
from httpx import ASGITransport, AsyncClient
from workflow_helpers import DIFF, parse_sse, struggle_body


async def test_workflows_on_sqlite(tmp_path: Path) -> None:
    settings = settings_for_tests(None, redis_url=None, data_dir=tmp_path / "data")
    app = create_app(settings)
    async with LifespanManager(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://embedded") as client:
            user = await make_user(client)
            r = await client.post(
                "/api/v1/workflows/struggle", json=struggle_body(), headers=user.headers
            )
            assert r.json()["lesson"]["id"] == "python-name-error"
            events = parse_sse(
                (await client.get(r.json()["stream_url"], headers=user.headers)).text
            )
            assert events[0][0] == "lesson"
            a = await client.post(
                "/api/v1/workflows/audit", json={"diff": DIFF}, headers=user.headers
            )
            assert a.json()["findings"]
            runs = (await client.get("/api/v1/workflows", headers=user.headers)).json()
            assert runs["total"] == 2
            assert {run["kind"] for run in runs["items"]} == {"audit", "struggle"}
            assert all(run["started_at"].endswith(("Z", "+00:00")) for run in runs["items"])
