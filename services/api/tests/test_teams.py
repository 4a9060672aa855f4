from __future__ import annotations

from api_factories import add_member, assert_envelope, make_team, make_user
from httpx import AsyncClient


async def test_create_team_makes_creator_admin_and_derives_slug(client: AsyncClient) -> None:
    owner = await make_user(client)
    r = await client.post("/api/v1/teams", json={"name": "Platform Core!"}, headers=owner.headers)
    assert r.status_code == 201
    assert r.json()["slug"] == "platform-core"
    assert r.json()["role"] == "admin"
    members = await client.get(f"/api/v1/teams/{r.json()['id']}/members", headers=owner.headers)
    assert [(m["email"], m["role"]) for m in members.json()["items"]] == [(owner.email, "admin")]


async def test_explicit_slug_conflict_is_409_and_derived_slug_is_made_unique(
    client: AsyncClient,
) -> None:
    owner = await make_user(client)
    await client.post("/api/v1/teams", json={"name": "A", "slug": "web"}, headers=owner.headers)
    taken = await client.post(
        "/api/v1/teams", json={"name": "B", "slug": "web"}, headers=owner.headers
    )
    assert taken.status_code == 409
    assert_envelope(taken.json(), "team_slug_taken")
    derived = await client.post("/api/v1/teams", json={"name": "Web"}, headers=owner.headers)
    assert derived.status_code == 201
    assert derived.json()["slug"].startswith("web-")


async def test_list_teams_shows_only_mine_with_my_role(client: AsyncClient) -> None:
    alice, bob = await make_user(client), await make_user(client)
    mine = await make_team(client, alice, "Alpha")
    await make_team(client, bob, "Beta")
    await add_member(client, mine, alice, bob, "lead")
    r = await client.get("/api/v1/teams", headers=bob.headers)
    assert {(t["name"], t["role"]) for t in r.json()["items"]} == {
        ("Alpha", "lead"),
        ("Beta", "admin"),
    }
    r = await client.get("/api/v1/teams", headers=alice.headers)
    assert r.json()["total"] == 1


async def test_add_member_errors(client: AsyncClient) -> None:
    admin, lead, other = await make_user(client), await make_user(client), await make_user(client)
    team = await make_team(client, admin)
    await add_member(client, team, admin, lead, "lead")
    url = f"/api/v1/teams/{team}/members"
    unknown = await client.post(url, json={"email": "ghost@example.com"}, headers=admin.headers)
    assert unknown.status_code == 404
    assert_envelope(unknown.json(), "user_not_found")
    as_admin = await client.post(
        url, json={"email": other.email, "role": "admin"}, headers=lead.headers
    )
    assert as_admin.status_code == 403
    assert_envelope(as_admin.json(), "cannot_manage_member")
    await add_member(client, team, lead, other)
    again = await client.post(url, json={"email": other.email}, headers=admin.headers)
    assert again.status_code == 409
    assert_envelope(again.json(), "already_member")


async def test_lead_cannot_remove_another_lead(client: AsyncClient) -> None:
    admin, lead1, lead2 = await make_user(client), await make_user(client), await make_user(client)
    team = await make_team(client, admin)
    await add_member(client, team, admin, lead1, "lead")
    await add_member(client, team, admin, lead2, "lead")
    r = await client.delete(f"/api/v1/teams/{team}/members/{lead2.id}", headers=lead1.headers)
    assert r.status_code == 403


async def test_last_admin_cannot_leave_or_be_demoted_until_another_admin_exists(
    client: AsyncClient,
) -> None:
    admin, other = await make_user(client), await make_user(client)
    team = await make_team(client, admin)
    await add_member(client, team, admin, other)
    leave = await client.post(f"/api/v1/teams/{team}/leave", headers=admin.headers)
    assert leave.status_code == 409
    assert_envelope(leave.json(), "last_admin")
    demote = await client.patch(
        f"/api/v1/teams/{team}/members/{admin.id}", json={"role": "member"}, headers=admin.headers
    )
    assert demote.status_code == 409
    promote = await client.patch(
        f"/api/v1/teams/{team}/members/{other.id}", json={"role": "admin"}, headers=admin.headers
    )
    assert promote.json()["role"] == "admin"
    assert (
        await client.post(f"/api/v1/teams/{team}/leave", headers=admin.headers)
    ).status_code == 204
    gone = await client.get(f"/api/v1/teams/{team}", headers=admin.headers)
    assert gone.status_code == 404


async def test_removed_member_loses_access_immediately(client: AsyncClient) -> None:
    admin, member = await make_user(client), await make_user(client)
    team = await make_team(client, admin)
    await add_member(client, team, admin, member)
    assert (await client.get(f"/api/v1/teams/{team}", headers=member.headers)).status_code == 200
    r = await client.delete(f"/api/v1/teams/{team}/members/{member.id}", headers=admin.headers)
    assert r.status_code == 204
    # The cached membership was invalidated with the write.
    assert (await client.get(f"/api/v1/teams/{team}", headers=member.headers)).status_code == 404


async def test_role_change_takes_effect_immediately(client: AsyncClient) -> None:
    admin, member, newcomer = (
        await make_user(client),
        await make_user(client),
        await make_user(client),
    )
    team = await make_team(client, admin)
    await add_member(client, team, admin, member)
    url = f"/api/v1/teams/{team}/members"
    assert (
        await client.post(url, json={"email": newcomer.email}, headers=member.headers)
    ).status_code == 403
    await client.patch(f"{url}/{member.id}", json={"role": "lead"}, headers=admin.headers)
    assert (
        await client.post(url, json={"email": newcomer.email}, headers=member.headers)
    ).status_code == 201


async def test_deleted_team_disappears_for_every_member(client: AsyncClient) -> None:
    admin, member = await make_user(client), await make_user(client)
    team = await make_team(client, admin)
    await add_member(client, team, admin, member)
    assert (await client.delete(f"/api/v1/teams/{team}", headers=admin.headers)).status_code == 204
    for who in (admin, member):
        assert (await client.get(f"/api/v1/teams/{team}", headers=who.headers)).status_code == 404
        assert (await client.get("/api/v1/teams", headers=who.headers)).json()["total"] == 0


async def test_unknown_and_malformed_team_ids(client: AsyncClient) -> None:
    user = await make_user(client)
    missing = await client.get(
        "/api/v1/teams/00000000-0000-0000-0000-000000000000", headers=user.headers
    )
    assert missing.status_code == 404
    assert_envelope(missing.json(), "team_not_found")
    bad = await client.get("/api/v1/teams/not-a-uuid", headers=user.headers)
    assert bad.status_code == 422
    assert_envelope(bad.json(), "validation_error")


async def test_pagination_bounds(client: AsyncClient) -> None:
    user = await make_user(client)
    for i in range(3):
        await make_team(client, user, f"T{i}")
    page = await client.get("/api/v1/teams?limit=2&offset=1", headers=user.headers)
    assert page.json()["total"] == 3
    assert [t["name"] for t in page.json()["items"]] == ["T1", "T2"]
    assert (await client.get("/api/v1/teams?limit=0", headers=user.headers)).status_code == 422
    assert (await client.get("/api/v1/teams?limit=999", headers=user.headers)).status_code == 422
