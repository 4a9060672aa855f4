"""Loguru setup: JSON in production, pretty in development, a request id on every line."""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from loguru import logger

if TYPE_CHECKING:
    from loguru import Record

_request_id: ContextVar[str | None] = ContextVar("aura_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being handled in this context, if any."""
    return _request_id.get()


def set_request_id(value: str | None) -> Any:
    """Bind a request id to the current context; returns the token to reset it."""
    return _request_id.set(value)


def reset_request_id(token: Any) -> None:
    _request_id.reset(token)


def _add_request_id(record: Record) -> None:
    record["extra"].setdefault("request_id", _request_id.get() or "-")
    # Messages can quote client input (an error text, a URL): never log a secret. The access
    # log line is built from parts scrubbed already and skips this.
    if not record["extra"].get("scrubbed"):
        from aura_api.scrub import scrub_text

        record["message"] = scrub_text(record["message"])


class _InterceptHandler(logging.Handler):
    """Send stdlib logging (uvicorn, sqlalchemy, alembic) through loguru."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            level: str | int = logger.level(record.levelname).name
        except ValueError:
            level = record.levelno
        depth = 2
        frame = logging.currentframe()
        while frame and frame.f_code.co_filename == logging.__file__:
            frame = frame.f_back  # type: ignore[assignment]
            depth += 1
        logger.opt(depth=depth, exception=record.exc_info).log(level, record.getMessage())


_PRETTY = (
    "<green>{time:HH:mm:ss.SSS}</green> <level>{level: <7}</level> "
    "<cyan>{extra[request_id]}</cyan> {message}"
)


def configure_logging(*, json: bool, level: str = "INFO") -> None:
    """Install the sinks once per process; safe to call again (it replaces them)."""
    logger.remove()
    logger.configure(patcher=_add_request_id)
    if json:
        logger.add(sys.stderr, level=level, serialize=True, backtrace=False, diagnose=False)
    else:
        logger.add(sys.stderr, level=level, format=_PRETTY, backtrace=False, diagnose=False)
    logging.basicConfig(handlers=[_InterceptHandler()], level=0, force=True)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "gunicorn.error", "alembic"):
        std = logging.getLogger(name)
        std.handlers = [_InterceptHandler()]
        std.propagate = False
    # Our own middleware writes the access log with the request id; uvicorn's would duplicate it.
    logging.getLogger("uvicorn.access").disabled = True
