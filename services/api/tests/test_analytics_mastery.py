"""Mastery through the API: BKT on known sequences, order independence, skill tree access."""

from __future__ import annotations

import pytest
from analytics_seed import ev, ingest
from api_factories import add_member, make_team, make_user
from fastapi import FastAPI
from httpx import AsyncClient

RULE = "python/debug-print"  # category debug-print, lesson python-debug-print
# By hand (L0=0.2, T=0.1, S=0.1, G=0.2): wrong -> 4.2/33; right -> q=p*.9/(p*.9+(1-p)*.2),
# q+(1-q)*.1 = 0.456604; lesson -> p+(1-p)*.1 = 0.510943; wrong -> 0.203958.
AFTER_THREE = 0.5109433962264152
AFTER_FOUR = 0.2039583688790309


def _sequence(team: str) -> list[dict[str, object]]:
    return [
        ev("audit.finding", 1, team, rule_id=RULE, path="src/app/x.py"),
        ev("audit.passed", 2, team, data={"rules_exercised": [RULE]}),
        ev("lesson.completed", 3, team, lesson_id="python-debug-print"),
        ev("feedback.not_useful", 3.5, team, rule_id=RULE),
        ev("audit.finding", 4, team, rule_id=RULE, path="src/app/x.py"),
    ]


async def _tree(client: AsyncClient, who_id: str, headers: dict[str, str], **params: str) -> dict:
    r = await client.get(
        f"/api/v1/analytics/users/{who_id}/skill-tree", headers=headers, params=params
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def _rule(tree: dict, rule_id: str) -> dict:
    return next(r for c in tree["categories"] for r in c["rules"] if r["rule_id"] == rule_id)


async def test_bkt_follows_the_equations(client: AsyncClient, app: FastAPI) -> None:
    dev = await make_user(client)
    team = await make_team(client, dev)
    events = _sequence(team)
    await ingest(client, app, dev, events[:3])
    row = _rule(await _tree(client, dev.id, dev.headers), RULE)
    assert row["p_mastery"] == pytest.approx(AFTER_THREE, abs=1e-6)
    await ingest(client, app, dev, events[3:])
    tree = await _tree(client, dev.id, dev.headers)
    row = _rule(tree, RULE)
    assert row["p_mastery"] == pytest.approx(AFTER_FOUR, abs=1e-6)
    assert (row["observations"], row["correct"], row["incorrect"]) == (3, 1, 2)
    assert (row["lessons_completed"], row["repeat_violations"]) == (1, 1)
    assert row["lesson_id"] == "python-debug-print" and not row["mastered"]
    category = next(c for c in tree["categories"] if c["category"] == "debug-print")
    assert RULE in [r["rule_id"] for r in category["rules"]]


async def test_late_events_are_replayed_in_time_order(client: AsyncClient, app: FastAPI) -> None:
    dev = await make_user(client)
    team = await make_team(client, dev)
    events = _sequence(team)
    # The newest events arrive first, the oldest (an offline queue) later.
    await ingest(client, app, dev, [events[4], events[2]])
    await ingest(client, app, dev, [events[0], events[3], events[1]])
    row = _rule(await _tree(client, dev.id, dev.headers), RULE)
    assert row["p_mastery"] == pytest.approx(AFTER_FOUR, abs=1e-6)
    assert row["repeat_violations"] == 1


async def test_activity_alone_does_not_raise_mastery(client: AsyncClient, app: FastAPI) -> None:
    dev = await make_user(client)
    team = await make_team(client, dev)
    noise = [
        ev("lesson.shown", i, team, lesson_id="python-debug-print", rule_id=RULE) for i in range(20)
    ]
    noise += [ev("audit.passed", 30 + i, team) for i in range(20)]
    noise += [ev("feedback.helpful", 60, team, rule_id=RULE), ev("struggle.detected", 61, team)]
    await ingest(client, app, dev, noise)
    tree = await _tree(client, dev.id, dev.headers)
    assert tree["categories"] == []


async def test_who_sees_a_skill_tree(client: AsyncClient, app: FastAPI) -> None:
    admin, lead, member, other, outsider = [await make_user(client) for _ in range(5)]
    team = await make_team(client, admin)
    await add_member(client, team, admin, lead, "lead")
    await add_member(client, team, admin, member)
    await add_member(client, team, admin, other)
    await ingest(client, app, member, _sequence(team)[:1])
    url = f"/api/v1/analytics/users/{member.id}/skill-tree"
    q = {"team_id": team}
    assert (await client.get(url, headers=member.headers)).status_code == 200
    assert (await client.get(url, headers=member.headers, params=q)).status_code == 200
    assert (await client.get(url, headers=lead.headers, params=q)).status_code == 200
    assert (await client.get(url, headers=admin.headers, params=q)).status_code == 200
    assert (await client.get(url, headers=lead.headers)).status_code == 404
    assert (await client.get(url, headers=other.headers, params=q)).status_code == 403
    assert (await client.get(url, headers=outsider.headers, params=q)).status_code == 404
    outsider_team = await make_team(client, outsider)
    r = await client.get(url, headers=outsider.headers, params={"team_id": outsider_team})
    assert r.status_code == 404 and r.json()["error"]["code"] == "developer_not_found"
