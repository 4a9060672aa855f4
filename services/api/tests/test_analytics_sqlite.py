"""Knowledge map and analytics in the embedded mode (SQLite, in-process aggregation)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from analytics_seed import BASE, ev
from api_factories import make_team, make_user
from asgi_lifespan import LifespanManager
from aura_api.main import create_app
from conftest import settings_for_tests
from httpx import ASGITransport, AsyncClient

RULE = "python/debug-print"


async def test_embedded_mastery_hotspots_and_knowledge(tmp_path: Path) -> None:
    settings = settings_for_tests(None, redis_url=None, data_dir=tmp_path / "data")
    app = create_app(settings)
    async with LifespanManager(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://embedded") as client:
            dev = await make_user(client)
            team = await make_team(client, dev)
            batch = [
                ev("audit.finding", 1, team, rule_id=RULE, path="src/app/x.py"),
                ev("audit.passed", 2, team, data={"rules_exercised": [RULE]}),
            ]
            r = await client.post("/api/v1/events", json={"events": batch}, headers=dev.headers)
            assert r.json()["accepted"] == 2
            await app.state.runtime.broker.wait_all()
            tree = await client.get(
                f"/api/v1/analytics/users/{dev.id}/skill-tree", headers=dev.headers
            )
            rule = tree.json()["categories"][0]["rules"][0]
            assert rule["p_mastery"] == pytest.approx(0.4566037736, abs=1e-6)
            since = (BASE - timedelta(days=1)).isoformat()
            hot = await client.get(
                f"/api/v1/teams/{team}/analytics/hotspots",
                params={"since": since, "prefix": "src"},
                headers=dev.headers,
            )
            assert [h["path"] for h in hot.json()["items"]] == ["src/app/"]
            r = await client.put(
                f"/api/v1/teams/{team}/knowledge",
                json={"rules_yaml": "version: 1\n"},
                headers=dev.headers,
            )
            assert r.status_code == 200 and r.json()["version"] == 1
