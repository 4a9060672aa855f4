from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from aura_api.auth import service
from aura_api.auth.errors import (
    AccountDisabled,
    EmailTaken,
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
    WrongCurrentPassword,
)
from aura_api.auth.schemas import (
    LoginCreate,
    RefreshCreate,
    TokenPairRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from aura_api.deps import AuthAttempt, CurrentUser, ResourcesDep, SessionDep, bearer_token
from aura_api.errors import RateLimited, Unauthorized, ValidationFailed, responses_for
from aura_api.middleware.csrf import ACCESS_COOKIE, CSRF_COOKIE, REFRESH_COOKIE
from aura_api.security import new_csrf_token

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
_REFRESH_PATH = "/api/v1/auth"


def _set_session_cookies(response: Response, tokens: service.IssuedTokens, secure: bool) -> None:
    """Browser sessions: httpOnly token cookies plus a readable CSRF cookie to echo back."""
    response.set_cookie(
        ACCESS_COOKIE, tokens.access_token, max_age=tokens.expires_in,
        httponly=True, secure=secure, samesite="lax",
    )  # fmt: skip
    response.set_cookie(
        REFRESH_COOKIE, tokens.refresh_token, max_age=tokens.refresh_expires_in,
        httponly=True, secure=secure, samesite="strict", path=_REFRESH_PATH,
    )  # fmt: skip
    response.set_cookie(
        CSRF_COOKIE, new_csrf_token(), max_age=tokens.refresh_expires_in,
        httponly=False, secure=secure, samesite="strict",
    )  # fmt: skip


def _pair(tokens: service.IssuedTokens) -> TokenPairRead:
    return TokenPairRead(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_in=tokens.expires_in,
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    dependencies=[AuthAttempt],
    responses=responses_for(EmailTaken, ValidationFailed, RateLimited),
)
async def register_user(data: UserCreate, session: SessionDep) -> UserRead:
    """Create an account with an email and a password (at least 8 characters)."""
    return UserRead.model_validate(await service.register(session, data))


@router.post(
    "/login",
    dependencies=[AuthAttempt],
    responses=responses_for(InvalidCredentials, AccountDisabled, RateLimited),
)
async def login_user(
    data: LoginCreate, response: Response, session: SessionDep, res: ResourcesDep
) -> TokenPairRead:
    """Exchange credentials for a short-lived access token and a refresh token.

    The tokens are also set as cookies for the dashboard (with a CSRF cookie).
    """
    tokens = await service.login(session, res, data.email, data.password)
    _set_session_cookies(response, tokens, res.settings.cookie_secure)
    return _pair(tokens)


@router.post(
    "/refresh",
    dependencies=[AuthAttempt],
    responses=responses_for(InvalidRefreshToken, RefreshTokenReused, RateLimited),
)
async def refresh_session(
    request: Request,
    response: Response,
    session: SessionDep,
    res: ResourcesDep,
    data: RefreshCreate | None = None,
) -> TokenPairRead:
    """Rotate the refresh token. Reusing a rotated token revokes the whole login."""
    raw = (data.refresh_token if data else None) or request.cookies.get(REFRESH_COOKIE)
    tokens = await service.refresh(session, res, raw)
    _set_session_cookies(response, tokens, res.settings.cookie_secure)
    return _pair(tokens)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout_user(
    request: Request, session: SessionDep, res: ResourcesDep, data: RefreshCreate | None = None
) -> Response:
    """End this login: its refresh tokens are revoked, its access tokens stop working at once
    (the login of a Bearer access token or access cookie sent along ends too), and the cookies
    are cleared."""
    raw = (data.refresh_token if data else None) or request.cookies.get(REFRESH_COOKIE)
    access = bearer_token(request) or request.cookies.get(ACCESS_COOKIE)
    await service.logout(session, res, raw, access)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(ACCESS_COOKIE)
    response.delete_cookie(REFRESH_COOKIE, path=_REFRESH_PATH)
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.get("/me", responses=responses_for(Unauthorized))
async def read_me(user: CurrentUser) -> UserRead:
    """The account behind the access token, API token or session cookie."""
    return UserRead.model_validate(user)


@router.patch("/me", responses=responses_for(Unauthorized, WrongCurrentPassword, ValidationFailed))
async def update_me(
    data: UserUpdate, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> UserRead:
    """Change your display name or password (a new password ends your other sessions)."""
    return UserRead.model_validate(await service.update_me(session, res, user, data))
