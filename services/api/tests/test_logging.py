"""Structured logs: JSON in production, each line carrying the request id."""

from __future__ import annotations

import json

from api_factories import make_user
from conftest import AppFactory
from loguru import logger


async def test_json_access_log_carries_the_request_id(make_client: AppFactory) -> None:
    client = await make_client(log_json=True, log_level="INFO")
    lines: list[str] = []
    sink = logger.add(lines.append, serialize=True, level="INFO")
    try:
        await make_user(client)
        r = await client.get("/api/v1/auth/me", headers={"X-Request-ID": "req-42"})
    finally:
        logger.remove(sink)
    assert r.status_code == 401
    records = [json.loads(line)["record"] for line in lines]
    access = [rec for rec in records if rec["extra"].get("path") == "/api/v1/auth/me"]
    assert access and access[-1]["extra"]["request_id"] == "req-42"
    assert access[-1]["extra"]["status"] == 401
    assert all(rec["extra"].get("request_id") for rec in records)
