from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api_factories import PASSWORD, assert_envelope, make_user
from conftest import AppFactory
from httpx import AsyncClient
from jose import jwt


async def test_register_returns_the_account_without_secrets(client: AsyncClient) -> None:
    r = await client.post(
        "/api/v1/auth/register",
        json={"email": "Ada@Example.com", "password": PASSWORD, "display_name": "Ada"},
    )
    assert r.status_code == 201
    body = r.json()
    assert body["email"] == "ada@example.com"
    assert body["display_name"] == "Ada"
    assert "password" not in str(body).lower()


async def test_register_rejects_duplicate_email_in_any_case(client: AsyncClient) -> None:
    await make_user(client, email="dup@example.com")
    r = await client.post(
        "/api/v1/auth/register", json={"email": "DUP@example.com", "password": PASSWORD}
    )
    assert r.status_code == 409
    assert_envelope(r.json(), "email_taken")


async def test_register_validates_email_and_password(client: AsyncClient) -> None:
    r = await client.post("/api/v1/auth/register", json={"email": "nope", "password": "short"})
    assert r.status_code == 422
    assert_envelope(r.json(), "validation_error")
    fields = {e["loc"][-1] for e in r.json()["error"]["details"]["errors"]}
    assert fields == {"email", "password"}


async def test_login_rejects_wrong_password_and_unknown_user_alike(client: AsyncClient) -> None:
    user = await make_user(client)
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": "wrong-password"}
    )
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "ghost@example.com", "password": PASSWORD}
    )
    for r in (wrong, unknown):
        assert r.status_code == 401
        assert_envelope(r.json(), "invalid_credentials")


async def test_me_with_access_token(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.get("/api/v1/auth/me", headers=user.headers)
    assert r.status_code == 200
    assert r.json()["id"] == user.id


async def test_me_rejects_missing_garbage_and_forged_tokens(client: AsyncClient) -> None:
    user = await make_user(client)
    forged_none = jwt.encode({"sub": user.id, "typ": "access"}, "", algorithm="HS256")
    other_key = jwt.encode(
        {"sub": user.id, "typ": "access", "exp": datetime.now(UTC) + timedelta(minutes=5)},
        "another-secret-key-another-secret-key",
        algorithm="HS256",
    )
    expired = jwt.encode(
        {"sub": user.id, "typ": "access", "exp": datetime.now(UTC) - timedelta(minutes=1)},
        "test-secret-key-test-secret-key-0123456789",
        algorithm="HS256",
    )
    for headers in (
        {},
        {"Authorization": "Bearer garbage"},
        {"Authorization": f"Bearer {forged_none}"},
        {"Authorization": f"Bearer {other_key}"},
        {"Authorization": f"Bearer {expired}"},
        {"Authorization": f"Bearer {user.refresh_token}"},
    ):
        r = await client.get("/api/v1/auth/me", headers=headers)
        assert r.status_code == 401, headers
        assert r.json()["error"]["code"] in {"invalid_token"}
        assert r.headers["www-authenticate"] == "Bearer"


async def test_refresh_rotates_and_reuse_revokes_the_family(make_client: AppFactory) -> None:
    # Without a grace window, any second use of a rotated token is reuse.
    client = await make_client(refresh_reuse_grace_seconds=0)
    user = await make_user(client)
    first = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != user.refresh_token
    client.cookies.clear()

    reuse = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert reuse.status_code == 401
    assert_envelope(reuse.json(), "refresh_token_reused")

    # The thief's copy and the legitimate newest token are both dead now.
    after = await client.post("/api/v1/auth/refresh", json={"refresh_token": rotated})
    assert after.status_code == 401
    assert_envelope(after.json(), "invalid_refresh_token")


async def test_refresh_family_revocation_spares_other_logins(client: AsyncClient) -> None:
    user = await make_user(client)
    other = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    other_refresh = other.json()["refresh_token"]
    client.cookies.clear()
    await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    client.cookies.clear()
    await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    client.cookies.clear()
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": other_refresh})
    assert r.status_code == 200


async def test_refresh_rejects_unknown_and_missing_tokens(client: AsyncClient) -> None:
    for body in ({"refresh_token": "nope"}, {}):
        r = await client.post("/api/v1/auth/refresh", json=body)
        assert r.status_code == 401
        assert_envelope(r.json(), "invalid_refresh_token")


async def test_logout_revokes_the_refresh_token(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.post("/api/v1/auth/logout", json={"refresh_token": user.refresh_token})
    assert r.status_code == 204
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert r.status_code == 401
    again = await client.post("/api/v1/auth/logout", json={"refresh_token": user.refresh_token})
    assert again.status_code == 204


async def test_update_me_display_name(client: AsyncClient) -> None:
    user = await make_user(client)
    r = await client.patch("/api/v1/auth/me", json={"display_name": "Grace"}, headers=user.headers)
    assert r.status_code == 200
    assert r.json()["display_name"] == "Grace"
    me = await client.get("/api/v1/auth/me", headers=user.headers)
    assert me.json()["display_name"] == "Grace"  # the cached identity was invalidated


async def test_password_change_needs_current_and_ends_other_sessions(client: AsyncClient) -> None:
    user = await make_user(client)
    elsewhere = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    client.cookies.clear()
    other = elsewhere.json()
    missing = await client.patch(
        "/api/v1/auth/me", json={"password": "new-password-1"}, headers=user.headers
    )
    assert missing.status_code == 422
    wrong = await client.patch(
        "/api/v1/auth/me",
        json={"password": "new-password-1", "current_password": "nope"},
        headers=user.headers,
    )
    assert wrong.status_code == 403
    ok = await client.patch(
        "/api/v1/auth/me",
        json={"password": "new-password-1", "current_password": PASSWORD},
        headers=user.headers,
    )
    assert ok.status_code == 200
    # The other login is over at once: its refresh token and its access token.
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": other["refresh_token"]})
    assert r.status_code == 401
    r = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {other['access_token']}"}
    )
    assert r.status_code == 401
    # The login that changed the password goes on.
    assert (await client.get("/api/v1/auth/me", headers=user.headers)).status_code == 200
    login = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": "new-password-1"}
    )
    assert login.status_code == 200


async def test_cookie_session_needs_csrf_header_for_writes(client: AsyncClient) -> None:
    user = await make_user(client)
    login = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert {"aura_access", "aura_refresh", "aura_csrf"} <= set(login.cookies.keys())
    client.cookies.set("aura_access", login.cookies["aura_access"])
    client.cookies.set("aura_csrf", login.cookies["aura_csrf"])

    read = await client.get("/api/v1/auth/me")
    assert read.status_code == 200

    blocked = await client.patch("/api/v1/auth/me", json={"display_name": "x"})
    assert blocked.status_code == 403
    assert_envelope(blocked.json(), "csrf_failed")

    wrong = await client.patch(
        "/api/v1/auth/me", json={"display_name": "x"}, headers={"X-CSRF-Token": "forged"}
    )
    assert wrong.status_code == 403

    allowed = await client.patch(
        "/api/v1/auth/me",
        json={"display_name": "x"},
        headers={"X-CSRF-Token": login.cookies["aura_csrf"]},
    )
    assert allowed.status_code == 200


async def test_bearer_writes_are_exempt_from_csrf(client: AsyncClient) -> None:
    user = await make_user(client)
    client.cookies.set("aura_access", "stale-cookie")
    r = await client.patch("/api/v1/auth/me", json={"display_name": "y"}, headers=user.headers)
    assert r.status_code == 200
