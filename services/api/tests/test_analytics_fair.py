"""Fair numbers: blocked commits name their rules, pre-existing code is not the developer's
mistake, every team aggregate can be narrowed to one repository, and you see your own numbers."""

from __future__ import annotations

from datetime import timedelta

from analytics_seed import BASE, ev, ingest
from api_factories import Account, add_member, make_team, make_user
from fastapi import FastAPI
from httpx import AsyncClient

PRINT, SECRET = "python/debug-print", "secrets/aws-access-key"
SHOP, TOOLS = "acme/shop", "acme/tools"


async def _team(client: AsyncClient, developers: int = 3) -> tuple[str, Account, list[Account]]:
    admin = await make_user(client)
    team = await make_team(client, admin)
    devs = [await make_user(client) for _ in range(developers)]
    for dev in devs:
        await add_member(client, team, admin, dev)
    return team, admin, devs


async def _get(client: AsyncClient, url: str, who: Account, **params: str) -> dict:
    r = await client.get(url, headers=who.headers, params=params)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_blocked_commits_count_for_each_rule_and_repo_filters(
    client: AsyncClient, app: FastAPI
) -> None:
    team, admin, (dev, other, _) = await _team(client)
    await ingest(client, app, dev, [
        ev("audit.finding", 1, team, repo=SHOP, rule_id=PRINT, path="src/a.py"),
        ev("audit.finding", 1, team, repo=SHOP, rule_id=SECRET, path="src/a.py"),
        ev("audit.blocked", 2, team, repo=SHOP, rule_id=SECRET,
           data={"rules": [SECRET, PRINT], "map_version": 3}),
        ev("audit.finding", 3, team, repo=TOOLS, rule_id=PRINT, path="bin/run.py"),
        ev("suppression.added", 4, team, repo=TOOLS, rule_id=PRINT, path="bin/run.py"),
        # `aura audit --all` over existing code: findings describe code, nothing was blocked
        ev("audit.finding", 5, team, repo=TOOLS, rule_id=PRINT, path="lib/old.py",
           data={"pre_existing": True}),
        ev("audit.blocked", 6, team, repo=TOOLS, rule_id=PRINT,
           data={"rules": [PRINT], "pre_existing": True}),
    ])  # fmt: skip
    await ingest(client, app, other, [ev("audit.passed", 7, team, repo=SHOP)])
    base = f"/api/v1/teams/{team}/analytics"

    every = await _get(client, f"{base}/rule-precision", admin)
    rows = {r["rule_id"]: (r["findings"], r["blocked"]) for r in every["items"]}
    assert rows == {PRINT: (3, 1), SECRET: (1, 1)}
    shop = await _get(client, f"{base}/rule-precision", admin, repo=SHOP)
    assert shop["repo"] == SHOP
    assert {r["rule_id"]: r["blocked"] for r in shop["items"]} == {PRINT: 1, SECRET: 1}
    assert (await _get(client, f"{base}/rule-precision", admin, repo="nope"))["items"] == []

    since = (BASE - timedelta(days=1)).isoformat()
    spots = await _get(client, f"{base}/hotspots", admin, since=since, repo=TOOLS)
    assert {h["path"]: h["total"] for h in spots["items"]} == {"bin/": 2, "lib/": 1}
    both = await _get(client, f"{base}/hotspots", admin, since=since)
    assert {h["path"] for h in both["items"]} == {"src/", "bin/", "lib/"}

    debt = await _get(client, f"{base}/suppressions", admin, repo=SHOP)
    assert debt["total"] == 0
    assert (await _get(client, f"{base}/suppressions", admin, repo=TOOLS))["total"] == 1

    overview = await _get(client, f"{base}/overview", admin, repo=SHOP)
    assert overview["event_counts"] == {"audit.finding": 2, "audit.blocked": 1, "audit.passed": 1}
    assert overview["active_developers"] == 2
    tools = await _get(client, f"{base}/overview", admin, repo=TOOLS)
    assert tools["active_developers"] == 1


async def test_pre_existing_findings_are_not_the_developers_mistakes(
    client: AsyncClient, app: FastAPI
) -> None:
    team, _, (dev, _, _) = await _team(client)
    await ingest(client, app, dev, [
        ev("audit.finding", 1, team, rule_id=PRINT, path="a.py", data={"pre_existing": True}),
        ev("audit.blocked", 2, team, rule_id=PRINT, data={"rules": [PRINT], "pre_existing": True}),
        ev("audit.passed", 3, team, data={"rules_exercised": [SECRET], "pre_existing": True}),
        ev("audit.finding", 4, team, rule_id=SECRET, path="b.py"),
        # a blocked summary repeats its finding: one mistake, not two
        ev("audit.blocked", 5, team, rule_id=SECRET, data={"rules": [SECRET]}),
    ])  # fmt: skip
    tree = await _get(client, f"/api/v1/analytics/users/{dev.id}/skill-tree", dev)
    rules = {r["rule_id"]: r for c in tree["categories"] for r in c["rules"]}
    assert PRINT not in rules
    assert (rules[SECRET]["incorrect"], rules[SECRET]["correct"]) == (1, 0)


async def test_you_always_see_your_own_numbers_and_the_withheld_reason_reads_well(
    client: AsyncClient, app: FastAPI
) -> None:
    team, admin, _ = await _team(client, developers=1)
    await ingest(client, app, admin, [
        ev("audit.finding", 1, team, rule_id=PRINT, path="a.py"),
        ev("lesson.opened", 2, team, lesson_id="python-debug-print"),
        ev("audit.finding", 3, team, rule_id=PRINT, path="a.py"),
    ])  # fmt: skip
    overview = await _get(client, f"/api/v1/teams/{team}/analytics/overview", admin)
    assert overview["withheld"] is True
    assert overview["reason"] == (
        "Team numbers appear once the team has at least 3 members; it has 2 members. Below "
        "that, a team total would show one person's record. Your own numbers are always shown "
        "to you (see `you`)."
    )
    assert [(r["rule_id"], r["observations"]) for r in overview["you"]] == [(PRINT, 2)]
    efficacy = await _get(client, f"/api/v1/teams/{team}/analytics/lesson-efficacy", admin)
    assert efficacy["withheld"] is True and efficacy["items"] == []
    assert efficacy["you"] == [
        {"lesson_id": "python-debug-print", "violations_before": 1, "violations_after": 1}
    ]
