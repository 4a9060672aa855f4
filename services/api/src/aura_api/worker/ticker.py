"""Periodic work in the worker (or the embedded API): the sweep and the weekly digests."""

from __future__ import annotations

import asyncio

from loguru import logger

from aura_api.worker.tasks import Tasks

TICK_SECONDS = 60.0


async def run_ticker(tasks: Tasks, interval: float = TICK_SECONDS) -> None:
    """Every `interval`: re-enqueue stale events and due digests. Failures are logged."""
    while True:
        await asyncio.sleep(interval)
        try:
            await tasks.sweep.kiq()
        except Exception as exc:
            logger.warning("periodic work failed ({}); retrying next tick", exc)
