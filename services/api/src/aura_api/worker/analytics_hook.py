"""The one seam to the analytics domain: `apply_events(session, events)`.

Imported lazily, so the worker runs (and marks events aggregated) before that domain exists.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from typing import cast

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.models import Event

ApplyEvents = Callable[[AsyncSession, Sequence[Event]], Awaitable[None]]
_warned: set[str] = set()


def _resolve() -> ApplyEvents | None:
    try:
        module = importlib.import_module("aura_api.analytics.aggregator")
    except ImportError:
        if not _warned:
            _warned.add("missing")
            logger.warning("aura_api.analytics.aggregator is missing; events are not aggregated")
        return None
    return cast(ApplyEvents, module.apply_events)


async def apply_events(session: AsyncSession, events: Sequence[Event]) -> None:
    """Apply events to the analytics in the caller's transaction (no-op if not installed)."""
    hook = _resolve()
    if hook is not None:
        await hook(session, events)
