"""Operations endpoints (`/metrics`, `/docs`, `/redoc`, `/openapi.json`) in production.

Outside production they are public. In production each is closed unless made public on
purpose (`AURA_METRICS_PUBLIC`, `AURA_DOCS_PUBLIC`) or called with the operations token
(`Authorization: Bearer $AURA_OPS_TOKEN`, for a Prometheus scraper or a schema fetch). The
interactive docs need a browser, so without `AURA_DOCS_PUBLIC` they are simply not served.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from aura_api.config import Settings
from aura_api.errors import Unauthorized
from aura_api.security import tokens_equal


class OpsTokenRequired(Unauthorized):
    code = "ops_token_required"


def require_ops_access(request: Request, settings: Settings, public: bool | None) -> None:
    """Pass when the endpoint is public (see `Settings.ops_public`) or the ops token is sent."""
    if settings.ops_public(public):
        return
    expected = settings.ops_token.get_secret_value() if settings.ops_token else None
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if expected and scheme.lower() == "bearer" and tokens_equal(given.strip(), expected):
        return
    if expected:
        raise OpsTokenRequired("This operations endpoint needs the operations token (Bearer)")
    raise OpsTokenRequired(
        "This operations endpoint is closed in production: set AURA_OPS_TOKEN and send it as "
        "a Bearer token, or make it public with AURA_METRICS_PUBLIC / AURA_DOCS_PUBLIC"
    )


def docs_urls(settings: Settings) -> dict[str, Any]:
    """FastAPI's schema setting: its public `/openapi.json` only when the docs are public (the
    docs pages themselves are `docs_pages.mount_docs`, mounted only then)."""
    if settings.ops_public(settings.docs_public):
        return {}
    return {"openapi_url": None}


def install_protected_schema(app: FastAPI, settings: Settings) -> None:
    """When the docs are not public, serve `/openapi.json` to holders of the ops token."""
    if settings.ops_public(settings.docs_public):
        return

    @app.get("/openapi.json", include_in_schema=False)
    async def read_openapi(request: Request) -> JSONResponse:
        require_ops_access(request, settings, settings.docs_public)
        return JSONResponse(app.openapi())
