"""The AuraError hierarchy and the handlers: the only place that maps errors to HTTP.

Every error leaves the API in one envelope:
`{"error": {"code", "message", "details", "request_id"}}`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from loguru import logger
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

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


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = "No such resource"
    return error_response(exc.status_code, code, message, headers=dict(exc.headers or {}))


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return error_response(400, MalformedBody.code, "Request body is not valid JSON")
        problems.append(
            {
                "loc": [str(p) for p in err.get("loc", ())],
                "message": err.get("msg", ""),
                "type": err.get("type", ""),
            }
        )
    return error_response(422, ValidationFailed.code, "Request is invalid", {"errors": problems})


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    logger.opt(exception=exc).error("unhandled error")
    return error_response(500, "internal_error", "Internal server error")


def install_error_handlers(app: FastAPI) -> None:
    """Register every handler so no error leaves without the envelope."""
    app.add_exception_handler(AuraError, _aura_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
