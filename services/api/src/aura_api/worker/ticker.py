"""Periodic work in the worker (or the embedded API): the sweep and the weekly digests."""

from __future__ import annotations

import asyncio

from loguru import logger

from aura_api.worker.tasks import Tasks

TICK_SECONDS = 60.0


async def run_ticker(tasks: Tasks, interval: float = TICK_SECONDS) -> None:
    """Every `interval`: re-enqueue stale events and queue due digests. Failures are logged.

    Several workers may tick at once: aggregation skips locked or applied events and each
    digest is claimed once per (webhook, week), so the duplicates are harmless.
    """
    while True:
        await asyncio.sleep(interval)
        try:
            await tasks.sweep.kiq()
            await tasks.digests.kiq()
        except Exception as exc:
            logger.warning("periodic work failed ({}); retrying next tick", exc)
