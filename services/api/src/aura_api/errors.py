"""The AuraError hierarchy and the handlers: the only place that maps errors to HTTP.

Every error leaves the API in one envelope:
`{"error": {"code", "message", "details", "request_id"}}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from loguru import logger
from pydantic import BaseModel
from sqlalchemy.exc import (
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from aura_api.logging import current_request_id


class AuraError(Exception):
    """Base of every expected error; subclasses carry their HTTP status and a stable code."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        self.headers = headers or {}


class BadRequest(AuraError):
    status_code = 400
    code = "bad_request"


class MalformedBody(BadRequest):
    code = "malformed_body"


class Unauthorized(AuraError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "Authentication required", **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kwargs)


class Forbidden(AuraError):
    status_code = 403
    code = "forbidden"


class NotFound(AuraError):
    status_code = 404
    code = "not_found"


class MethodNotAllowed(AuraError):
    status_code = 405
    code = "method_not_allowed"


class Conflict(AuraError):
    status_code = 409
    code = "conflict"


class PayloadTooLarge(AuraError):
    status_code = 413
    code = "payload_too_large"


class CollectionTooLarge(PayloadTooLarge):
    def __init__(self, field: str, size: int, limit: int) -> None:
        super().__init__(
            f"{field} holds at most {limit} items; this one has {size}",
            details={"field": field, "size": size, "limit": limit},
        )


# Body collections whose 413 carries a domain's own error (registered by the domain).
COLLECTION_LIMITS: dict[str, Callable[[int, int], PayloadTooLarge]] = {}


class ValidationFailed(AuraError):
    status_code = 422
    code = "validation_error"


class RateLimited(AuraError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, retry_after: int, limit: int) -> None:
        super().__init__(
            "Too many requests; retry later",
            details={"retry_after": retry_after, "limit": limit},
            headers={"Retry-After": str(retry_after)},
        )


class ServiceUnavailable(AuraError):
    status_code = 503
    code = "service_unavailable"


class ErrorBody(BaseModel):
    code: str
    message: str
    details: dict[str, Any] = {}
    request_id: str | None = None


class ErrorEnvelope(BaseModel):
    """The one error shape of the API (documented in OpenAPI for every error status)."""

    error: ErrorBody


def error_response(
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build the envelope response; used by handlers and by pure-ASGI middleware."""
    body = {
        "error": {
            "code": code,
            "message": message,
            "details": details or {},
            "request_id": current_request_id(),
        }
    }
    return JSONResponse(body, status_code=status, headers=headers)


# One Server-Sent Event, as OpenAPI describes a text/event-stream response: JSON in `data`.
SSE_EVENT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "event": {"type": "string"},
        "data": {"type": "string", "description": "A JSON document"},
        "id": {"type": "string"},
        "retry": {"type": "integer"},
    },
}


def responses_for(*errors: type[AuraError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting the envelope for the given errors."""
    out: dict[int | str, dict[str, Any]] = {}
    for err in errors:
        out[err.status_code] = {"model": ErrorEnvelope, "description": err.code}
    return out


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    503: "service_unavailable",
}


async def _aura_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AuraError)
    return error_response(exc.status_code, exc.code, exc.message, exc.details, exc.headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = "No such resource"
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # The router names only the first route it met; list every method of the path.
        allowed = allowed_methods(request.app, request.url.path)
        headers["Allow"] = ", ".join(allowed)
        message = f"{request.method} is not allowed here; use {' or '.join(allowed)}"
    return error_response(exc.status_code, code, message, headers=headers)


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The documented methods of every route whose path matches `path`, sorted."""
    table: list[tuple[re.Pattern[str], frozenset[str]]] | None = getattr(
        app.state, "method_table", None
    )
    if table is None:
        table = []
        for context in iter_route_contexts(app.routes):
            route = context.original_route
            if isinstance(route, APIRoute) and context.path:
                table.append((compile_path(context.path)[0], frozenset(route.methods or ())))
        app.state.method_table = table
    return sorted({m for regex, methods in table if regex.match(path) for m in methods})


MAX_REPORTED_PROBLEMS = 20
_COLLECTIONS = {"List", "Dictionary", "Set", "Tuple", "Frozenset"}


def _is_collection(err: Any) -> bool:
    return (err.get("ctx") or {}).get("field_type") in _COLLECTIONS


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    problems: list[dict[str, Any]] = []
    for err in errors:
        kind = err.get("type", "")
        loc = [str(p) for p in err.get("loc", ())]
        if kind == "json_invalid":
            return error_response(400, MalformedBody.code, "Request body is not valid JSON")
        if kind == "too_long" and loc[:1] == ["body"] and _is_collection(err):
            # A collection above its documented maximum: the body is too large (413).
            ctx = err.get("ctx") or {}
            where = ".".join(loc[1:]) or "body"
            size, limit = int(ctx.get("actual_length") or 0), int(ctx.get("max_length") or 0)
            named = COLLECTION_LIMITS.get(where)
            too_large = named(size, limit) if named else CollectionTooLarge(where, size, limit)
            return await _aura_error(request, too_large)
        message = err.get("msg", "")
        if kind == "too_long":  # a length limit on a string whose value is also scrubbed
            kind = "string_too_long"
            most = (err.get("ctx") or {}).get("max_length")
            message = f"String should have at most {most} characters"
        if len(problems) < MAX_REPORTED_PROBLEMS:
            problems.append({"loc": loc, "message": message, "type": kind})
    details: dict[str, Any] = {"errors": problems}
    if len(errors) > len(problems):
        details["error_count"] = len(errors)  # only the first ones are listed
    return error_response(422, ValidationFailed.code, "Request is invalid", details)


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """Database failures that are expected under concurrency or an outage, never a 500."""
    if isinstance(exc, StaleDataError | IntegrityError):
        # Another request changed or removed the row first (a delete racing an update, two
        # creations racing on a unique name).
        return error_response(
            409, Conflict.code, "A concurrent change won; reload and retry", {"retryable": True}
        )
    if isinstance(exc, DataError):
        logger.warning("a value passed validation but not the database: {}", exc.orig)
        return error_response(422, ValidationFailed.code, "A value is out of range for storage")
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout | OSError):
        logger.warning("database unavailable: {}", exc)
        return error_response(
            503, "database_unavailable", "The database is unavailable; retry shortly",
            {"retry_after": 5}, {"Retry-After": "5"},
        )  # fmt: skip
    return await _unexpected(request, exc)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    logger.opt(exception=exc).error("unhandled error")
    return error_response(500, "internal_error", "Internal server error")


def install_error_handlers(app: FastAPI) -> None:
    """Register every handler so no error leaves without the envelope."""
    app.add_exception_handler(AuraError, _aura_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for db_error in (SQLAlchemyError, OSError):
        app.add_exception_handler(db_error, _database_error)
    app.add_exception_handler(Exception, _unexpected)
