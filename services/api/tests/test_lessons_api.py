"""The built-in lessons through the API: list with filters, read, not found."""

from __future__ import annotations

from api_factories import assert_envelope, make_user
from httpx import AsyncClient


async def test_list_and_filter_lessons(client: AsyncClient) -> None:
    user = await make_user(client)
    everything = (await client.get("/api/v1/lessons?limit=200", headers=user.headers)).json()
    assert everything["total"] >= 60 and len(everything["items"]) == everything["total"]
    assert "markdown" not in everything["items"][0]
    ts = await client.get("/api/v1/lessons?language=tsx&limit=200", headers=user.headers)
    langs = [set(i["languages"]) for i in ts.json()["items"]]
    assert langs and all(lang & {"typescript", "any"} for lang in langs)
    tagged = await client.get("/api/v1/lessons?tag=async", headers=user.headers)
    assert all("async" in i["tags"] for i in tagged.json()["items"]) and tagged.json()["total"]
    by_rule = await client.get("/api/v1/lessons?rule=python/debug-print", headers=user.headers)
    assert [i["id"] for i in by_rule.json()["items"]] == ["python-debug-print"]


async def test_read_a_lesson_and_a_missing_one(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.get("/api/v1/lessons/python-name-error", headers=user.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["markdown"].startswith("# NameError") and body["errors"] and body["builtin"]
    missing = await client.get("/api/v1/lessons/no-such-lesson", headers=user.headers)
    assert missing.status_code == 404
    assert_envelope(missing.json(), "lesson_not_found")
    assert (await client.get("/api/v1/lessons")).status_code == 401
