"""Knowledge map: versioned imports, validation errors, history, rollback, export, sync ETag."""

from __future__ import annotations

from api_factories import add_member, make_team, make_user
from httpx import AsyncClient, Response

RULES = """version: 1
rules:
  python/debug-print: error
team_rules:
  - id: acme/no-todo
    pattern: "TODO"
    message: TODO without a ticket
    category: hygiene
    lesson: acme-todo
"""
LESSON = """---
id: acme-todo
title: Tickets, not TODOs
rules: [acme/no-todo]
languages: [python]
level: beginner
tags: [hygiene]
---
# Tickets, not TODOs
"""


async def _setup(client: AsyncClient) -> tuple[str, dict[str, str], dict[str, str]]:
    lead_admin, member = await make_user(client), await make_user(client)
    team = await make_team(client, lead_admin)
    await add_member(client, team, lead_admin, member)
    return team, lead_admin.headers, member.headers


async def _put(client: AsyncClient, team: str, headers: dict[str, str], **body: object) -> Response:
    return await client.put(f"/api/v1/teams/{team}/knowledge", json=body, headers=headers)


async def test_import_versions_history_rollback_export(client: AsyncClient) -> None:
    team, lead, member = await _setup(client)
    r = await client.get(f"/api/v1/teams/{team}/knowledge", headers=member)
    assert r.status_code == 200 and r.json()["version"] == 0
    r = await _put(
        client, team, lead, rules_yaml=RULES, lessons={"acme-todo.md": LESSON}, message="v1"
    )
    assert r.status_code == 200, r.text
    v1 = r.json()
    assert v1["version"] == 1 and v1["lessons"] == {"acme-todo": LESSON}
    declared = {rule["id"]: rule for rule in v1["rules"]}
    assert declared["acme/no-todo"]["builtin"] is False
    assert declared["acme/no-todo"]["category"] == "hygiene"
    assert declared["python/debug-print"]["severity"] == "error"
    r = await _put(client, team, lead, rules_yaml="version: 1\n", message="clear")
    assert r.json()["version"] == 2
    assert (await _put(client, team, member, rules_yaml="")).status_code == 403
    stale = await _put(client, team, lead, rules_yaml="", base_version=1)
    assert stale.status_code == 409 and stale.json()["error"]["details"]["current_version"] == 2

    r = await client.post(f"/api/v1/teams/{team}/knowledge/versions/1/rollback", headers=lead)
    assert r.status_code == 201, r.text
    assert r.json()["version"] == 3 and r.json()["restored_from"] == 1
    assert r.json()["content_hash"] == v1["content_hash"]
    r = await client.post(f"/api/v1/teams/{team}/knowledge/versions/9/rollback", headers=lead)
    assert r.status_code == 404

    history = (await client.get(f"/api/v1/teams/{team}/knowledge/versions", headers=member)).json()
    assert [v["version"] for v in history["items"]] == [3, 2, 1] and history["total"] == 3
    assert history["items"][1]["message"] == "clear"
    old = await client.get(f"/api/v1/teams/{team}/knowledge/versions/2", headers=member)
    assert old.json()["rules_yaml"] == "version: 1\n"
    export = (await client.get(f"/api/v1/teams/{team}/knowledge/export", headers=member)).json()
    assert export == {"version": 3, "rules_yaml": RULES, "lessons": {"acme-todo": LESSON}}


async def test_invalid_files_are_422_with_file_line_problem(client: AsyncClient) -> None:
    team, lead, _ = await _setup(client)
    bad = "version: 1\nrules:\n  python/debug-print: loud\n"
    r = await _put(client, team, lead, rules_yaml=bad)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_rules_file"
    assert error["details"]["file"] == ".aura/rules.yaml" and error["details"]["line"] == 3
    assert error["details"]["problem"] == "rules.python/debug-print must be a mapping"
    assert error["message"] == ".aura/rules.yaml:3: rules.python/debug-print must be a mapping"
    r = await _put(
        client, team, lead, rules_yaml="team_rules:\n  - id: nope\n    message: x\n    pattern: y\n"
    )
    assert r.json()["error"]["details"]["line"] == 2
    r = await _put(client, team, lead, rules_yaml="a: [\n")
    assert r.status_code == 422 and "invalid YAML" in r.json()["error"]["message"]
    r = await _put(client, team, lead, rules_yaml="", lessons={"x.md": "# no front matter"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_lesson"
    assert r.json()["error"]["details"]["file"] == "x.md"
    assert "missing front matter" in r.json()["error"]["message"]
    partial = "---\nid: x\ntitle: X\n---\nbody"
    r = await _put(client, team, lead, rules_yaml="", lessons={"x.md": partial})
    assert "lacks rules, languages, level, tags" in r.json()["error"]["message"]
    listed = await client.get(f"/api/v1/teams/{team}/knowledge/versions", headers=lead)
    assert listed.json()["total"] == 0


async def test_rules_list_marks_builtins(client: AsyncClient) -> None:
    team, lead, member = await _setup(client)
    await _put(client, team, lead, rules_yaml=RULES, lessons={"acme-todo.md": LESSON})
    builtin = (await client.get("/api/v1/rules", headers=member)).json()
    assert builtin["total"] == len(builtin["items"]) and all(r["builtin"] for r in builtin["items"])
    assert "acme/no-todo" not in {r["id"] for r in builtin["items"]}
    mine = (await client.get("/api/v1/rules", params={"team_id": team}, headers=member)).json()
    by_id = {r["id"]: r for r in mine["items"]}
    assert by_id["acme/no-todo"]["builtin"] is False
    assert (
        by_id["python/debug-print"]["builtin"]
        and by_id["python/debug-print"]["severity"] == "error"
    )
    outsider = await make_user(client)
    r = await client.get("/api/v1/rules", params={"team_id": team}, headers=outsider.headers)
    assert r.status_code == 404


async def test_knowledge_map_etag_and_304(client: AsyncClient) -> None:
    team, lead, member = await _setup(client)
    url, q = "/api/v1/knowledge-map", {"team_id": team}
    first = await client.get(url, params=q, headers=member)
    assert first.status_code == 200 and first.json()["version"] == 0
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    same = await client.get(url, params=q, headers={**member, "If-None-Match": etag})
    assert same.status_code == 304 and same.headers["etag"] == etag and same.content == b""
    await _put(client, team, lead, rules_yaml=RULES, lessons={"acme-todo.md": LESSON})
    changed = await client.get(url, params=q, headers={**member, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    doc = changed.json()
    assert doc["version"] == 1 and doc["team_lessons"] == {"acme-todo": LESSON}
    assert "python/debug-print" in doc["builtin_rule_ids"]
    assert "acme/no-todo" not in doc["builtin_rule_ids"]
    lessons = {lesson["id"]: lesson for lesson in doc["lessons"]}
    assert lessons["acme-todo"]["builtin"] is False and lessons["python-debug-print"]["builtin"]
    rule = next(r for r in doc["rules"] if r["id"] == "acme/no-todo")
    assert rule["lesson_id"] == "acme-todo" and rule["severity"] == "warning"
