"""The one seam to the analytics domain: `apply_events(session, events)` and `clear`.

Imported lazily, so the worker runs (and marks events aggregated) before that domain exists.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.events.records import StoredEvent

_warned: set[str] = set()


def _resolve() -> ModuleType | None:
    try:
        return importlib.import_module("aura_api.analytics.aggregator")
    except ImportError:
        if not _warned:
            _warned.add("missing")
            logger.warning("aura_api.analytics.aggregator is missing; events are not aggregated")
        return None


async def apply_events(
    session: AsyncSession, events: Sequence[StoredEvent], *, replay: bool = False
) -> None:
    """Apply events to the analytics in the caller's transaction (no-op if not installed).

    `replay`: a rebuild's batch, which follows each developer's events in time order."""
    module = _resolve()
    if module is not None:
        await module.apply_events(session, events, replay=replay)


async def clear(session: AsyncSession) -> None:
    """Delete every aggregate in the caller's transaction (a rebuild starts with this)."""
    module = _resolve()
    if module is not None:
        await module.clear_aggregates(session)
