"""The OpenAPI document, completed with the statuses every operation can answer.

Endpoints document their domain errors with `responses_for(...)`; the statuses that come from
the platform rather than the handler are added here for every operation, so the contract can
never miss one: 400 (malformed JSON) and 413 (body or collection too large) where there is a
body, 401 where a caller must authenticate, 404 where the path names a resource, 422 (the
envelope, not FastAPI's default shape) where there is any input, 429 (rate limits) and 503 (a
dependency or the CPU pool is unavailable) everywhere outside `/health/live`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_flat_params
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from aura_api.deps import get_current_user

_ENVELOPE = {"$ref": "#/components/schemas/ErrorEnvelope"}
_PLATFORM = {
    "400": "malformed_body: the body is not valid JSON",
    "401": "unauthorized: missing, invalid, expired or revoked credentials",
    "404": "not_found: no such resource (or not visible to you)",
    "409": "conflict: a concurrent change won (or the resource already exists); reload and retry",
    "413": "payload_too_large: the body or a collection in it is above its limit",
    "422": "validation_error: the request does not match the schema",
    "429": "rate_limited: retry after `Retry-After` seconds",
    "503": "service_unavailable: a dependency or the server's capacity is unavailable; "
    "retry after `Retry-After` seconds when given",
}
_ALWAYS_UP = {"/health/live"}
BEARER = "bearerAuth"


def _needs_user(dependant: Dependant) -> bool:
    return any(d.call is get_current_user or _needs_user(d) for d in dependant.dependencies)


def _statuses(route: APIRoute, path: str) -> list[str]:
    has_input = bool(get_flat_params(route.dependant) or route.body_field)
    wanted: list[str] = []
    if route.body_field is not None:
        wanted += ["400", "413"]
    if set(route.methods or ()) & {"POST", "PUT", "PATCH", "DELETE"}:
        wanted.append("409")
    if _needs_user(route.dependant):
        wanted.append("401")
    if route.dependant.path_params:
        wanted.append("404")
    if has_input:
        wanted.append("422")
    if path not in _ALWAYS_UP:
        wanted += ["429", "503"]
    return wanted


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document with the platform statuses and bearer security added."""
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    routes = {
        (context.path_format, method.lower()): context.original_route
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
        for method in context.original_route.methods or ()
    }
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            route = routes.get((path, method))
            if route is None:
                continue
            responses: dict[str, Any] = operation.setdefault("responses", {})
            for status in _statuses(route, path):
                current = responses.get(status)
                if current is None or status == "422":
                    responses[status] = {
                        "description": current["description"]
                        if current and status != "422"
                        else _PLATFORM[status],
                        "content": {"application/json": {"schema": _ENVELOPE}},
                    }
            if _needs_user(route.dependant):
                operation["security"] = [{BEARER: []}]
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    components.setdefault("securitySchemes", {})[BEARER] = {
        "type": "http",
        "scheme": "bearer",
        "description": "An access token (JWT) or a personal API token (`aura_pat_…`)",
    }
    return schema


def install_openapi(app: FastAPI) -> None:
    """Serve `build_openapi(app)` (computed once) as the app's schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
