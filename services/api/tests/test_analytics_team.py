"""Team analytics on seeded events: hotspots, precision, suppressions, efficacy, roll-ups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from analytics_seed import BASE, ev, ingest
from api_factories import Account, add_member, make_team, make_user
from fastapi import FastAPI
from httpx import AsyncClient

RULE = "python/debug-print"


async def _team(client: AsyncClient, developers: int = 3) -> tuple[str, Account, list[Account]]:
    admin = await make_user(client)
    team = await make_team(client, admin)
    devs = [await make_user(client) for _ in range(developers)]
    for dev in devs:
        await add_member(client, team, admin, dev)
    return team, admin, devs


async def _get(client: AsyncClient, team: str, what: str, who: Account, **params: str) -> dict:
    r = await client.get(
        f"/api/v1/teams/{team}/analytics/{what}", headers=who.headers, params=params
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_hotspots_precision_and_suppressions(client: AsyncClient, app: FastAPI) -> None:
    team, admin, (one, two, _) = await _team(client)
    await ingest(client, app, one, [
        ev("audit.finding", 1, team, rule_id=RULE, path="src/app/a.py"),
        ev("audit.finding", 2, team, rule_id=RULE, path="src/app/a.py"),
        ev("audit.blocked", 3, team, path="src/app/b.py"),
        ev("suppression.added", 4, team, rule_id=RULE, path="src/app/a.py",
           data={"until": "2020-01-01"}),
        ev("feedback.not_useful", 5, team, rule_id=RULE),
    ])  # fmt: skip
    await ingest(client, app, two, [
        ev("struggle.detected", 60 * 24 + 1, team, path="src/lib/c.py"),
        ev("audit.finding", 60 * 24 + 2, team, rule_id=RULE, path="src/lib/c.py"),
        ev("audit.finding", 60 * 24 + 3, team, rule_id=RULE),
        ev("suppression.added", 60 * 24 + 4, team, rule_id=RULE, path="src/app/a.py",
           data={"until": "2099-01-01"}),
        ev("suppression.added", 60 * 24 + 5, team, rule_id=RULE, path="src/lib/c.py"),
        ev("feedback.helpful", 60 * 24 + 6, team, rule_id=RULE),
    ])  # fmt: skip

    since = (BASE - timedelta(days=1)).isoformat()
    top = await _get(client, team, "hotspots", admin, bucket="day", since=since)
    assert [(h["path"], h["total"], h["is_directory"]) for h in top["items"]] == [("src/", 8, True)]
    assert len(top["items"][0]["buckets"]) == 2
    src = await _get(client, team, "hotspots", admin, since=since, prefix="src")
    by_path = {h["path"]: h for h in src["items"]}
    assert list(by_path) == ["src/app/", "src/lib/"]
    assert by_path["src/app/"]["by_kind"] == {"finding": 2, "blocked": 1, "suppression": 2}
    assert by_path["src/lib/"]["by_kind"] == {"struggle": 1, "finding": 1, "suppression": 1}
    app_dir = await _get(client, team, "hotspots", admin, since=since, prefix="./src/app/")
    assert [(h["path"], h["total"]) for h in app_dir["items"]] == [
        ("src/app/a.py", 4),
        ("src/app/b.py", 1),
    ]
    assert not app_dir["items"][0]["is_directory"]
    weeks = await _get(client, team, "hotspots", admin, bucket="week", since=since, prefix="src/")
    assert {h["path"]: h["total"] for h in weeks["items"]} == {"src/app/": 5, "src/lib/": 3}
    one = await _get(client, team, "hotspots", admin, since=since, prefix="src/", limit="1")
    assert [h["path"] for h in one["items"]] == ["src/app/"]
    r = await client.get(
        f"/api/v1/teams/{team}/analytics/hotspots",
        params={"since": BASE.isoformat(), "until": (BASE - timedelta(days=1)).isoformat()},
        headers=admin.headers,
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_window"

    precision = await _get(client, team, "rule-precision", admin)
    assert precision["items"] == [
        {"rule_id": RULE, "findings": 4, "blocked": 0, "not_useful": 1, "helpful": 1,
         "precision": 0.75}
    ]  # fmt: skip

    debt = await _get(client, team, "suppressions", admin)
    assert (debt["total"], debt["active"], debt["expired"]) == (3, 2, 1)
    rule = debt["items"][0]
    assert rule["rule_id"] == RULE and rule["without_expiry"] == 1
    assert rule["paths"][0]["expired"] and rule["paths"][0]["path"] == "src/app/a.py"


async def test_lesson_efficacy_before_and_after(client: AsyncClient, app: FastAPI) -> None:
    team, admin, (one, two, three) = await _team(client)
    lesson = {"lesson_id": "python-debug-print"}

    def violation(minutes: float) -> dict[str, object]:
        return ev("audit.finding", minutes, team, rule_id=RULE, path="src/x.py")

    # one: violations already aggregated when the exposure arrives
    await ingest(client, app, one, [violation(10), violation(20)])
    await ingest(client, app, one, [ev("lesson.opened", 100, team, **lesson)])
    # two: all in one batch, one violation on each side
    await ingest(client, app, two, [
        violation(10), ev("lesson.completed", 100, team, **lesson), violation(200),
    ])  # fmt: skip
    # three: the exposure first, the earlier violation delivered late; a later re-open is ignored
    await ingest(client, app, three, [ev("lesson.opened", 100, team, **lesson)])
    await ingest(client, app, three, [violation(50), ev("lesson.opened", 300, team, **lesson)])
    body = await _get(client, team, "lesson-efficacy", admin)
    assert body["withheld"] is False
    assert body["items"] == [
        {
            "lesson_id": "python-debug-print",
            "developers": 3,
            "violations_before": 4,
            "violations_after": 1,
            "repeat_rate_before": 1.0,
            "repeat_rate_after": pytest.approx(1 / 3, abs=1e-6),
            "mean_violations_before": pytest.approx(4 / 3, abs=1e-6),
            "mean_violations_after": pytest.approx(1 / 3, abs=1e-6),
        }
    ]


async def test_overview_rolls_up_and_withholds_small_teams(
    client: AsyncClient, app: FastAPI
) -> None:
    team, admin, devs = await _team(client)
    for dev in devs:
        await ingest(client, app, dev, [ev("audit.finding", 1, team, rule_id=RULE)])
    await ingest(client, app, devs[0], [ev("fix.applied", 2, team, rule_id="js/debugger")])
    body = await _get(client, team, "overview", admin)
    assert body["withheld"] is False and body["active_developers"] == 3
    assert body["event_counts"] == {"audit.finding": 3, "fix.applied": 1}
    assert [r["rule_id"] for r in body["rules"]] == [RULE]
    assert body["rules"][0]["developers"] == 3
    assert body["rules"][0]["average_mastery"] == pytest.approx(4.2 / 33, abs=1e-6)
    assert body["rules_withheld"] == 1

    small, small_admin, (solo,) = await _team(client, developers=1)
    await ingest(client, app, solo, [ev("audit.finding", 1, small, rule_id=RULE)])
    for what in ("overview", "lesson-efficacy"):
        withheld = await _get(client, small, what, small_admin)
        assert withheld["withheld"] is True and "at least 3" in withheld["reason"]
        assert withheld.get("rules", []) == [] and withheld.get("items", []) == []
    member = await client.get(f"/api/v1/teams/{team}/analytics/overview", headers=devs[0].headers)
    assert member.status_code == 403
    other = await client.get(f"/api/v1/teams/{team}/analytics/overview", headers=solo.headers)
    assert other.status_code == 404


async def test_a_full_batch_of_deep_paths_is_aggregated(client: AsyncClient, app: FastAPI) -> None:
    team, admin, (dev, _, _) = await _team(client)
    deep = "d0/d1/d2/d3/d4"
    wide = [ev("audit.finding", i, team, rule_id=RULE, path=f"{deep}/f{i}.py") for i in range(500)]
    await ingest(client, app, dev, wide)  # 6,000 hotspot rows: more than one statement's worth
    since = (BASE - timedelta(days=1)).isoformat()
    top = await _get(client, team, "hotspots", admin, since=since)
    assert [(h["path"], h["total"]) for h in top["items"]] == [("d0/", 500)]
    files = await _get(client, team, "hotspots", admin, since=since, prefix=deep, limit="500")
    assert len(files["items"]) == 500 and files["items"][0]["total"] == 1
