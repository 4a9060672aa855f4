"""The broker a worker process runs (`aura-api worker`); imported only by that process."""

from __future__ import annotations

import asyncio
import contextlib

from taskiq import TaskiqEvents, TaskiqState

from aura_api.config import get_settings
from aura_api.logging import configure_logging
from aura_api.resources import Resources, open_resources
from aura_api.worker.broker import build_broker
from aura_api.worker.context import pop_resources, push_resources
from aura_api.worker.tasks import register_tasks
from aura_api.worker.ticker import run_ticker

settings = get_settings()
broker = build_broker(settings, worker=True)
tasks = register_tasks(broker)


@broker.on_event(TaskiqEvents.WORKER_STARTUP)
async def _startup(state: TaskiqState) -> None:
    configure_logging(json=settings.json_logs, level=settings.log_level)
    res = open_resources(settings)
    push_resources(res)
    state.resources = res
    state.ticker = asyncio.create_task(run_ticker(tasks))


@broker.on_event(TaskiqEvents.WORKER_SHUTDOWN)
async def _shutdown(state: TaskiqState) -> None:
    state.ticker.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await state.ticker
    res: Resources = state.resources
    pop_resources(res)
    await res.close()
