"""CPU-heavy work (auditing a submitted diff, parsing a rules file) off the event loop.

One bounded thread pool per process: at most `workers` jobs run and `queue` more wait; beyond
that a request is refused at once with 503 and `Retry-After`, and a job that outlives its
budget answers 503 while its thread finishes (every user pattern runs in linear time, so it
does finish; its slot stays taken until then, so capacity accounting stays honest). The event
loop only ever awaits, so `/health/live` and every other request keep being served.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from aura_api.errors import ServiceUnavailable
from aura_api.metrics import OFFLOAD_REJECTIONS

T = TypeVar("T")


class ServerBusy(ServiceUnavailable):
    code = "server_busy"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "The server is busy with other audits; retry shortly",
            details={"retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


class WorkTooLong(ServiceUnavailable):
    code = "work_budget_exceeded"

    def __init__(self, budget: float, retry_after: int) -> None:
        super().__init__(
            f"The work took longer than its {budget:g} s budget; retry later or send less",
            details={"budget_seconds": budget, "retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


class CpuPool:
    """Run blocking callables on a bounded pool with a wall-clock budget per job."""

    def __init__(self, *, workers: int, queue: int, budget_seconds: float) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aura-cpu")
        self._slots = threading.BoundedSemaphore(workers + queue)
        self.budget_seconds = budget_seconds
        self._retry_after = max(1, round(budget_seconds / 4))

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` on the pool; `ServerBusy` when full, `WorkTooLong` past the budget."""
        if not self._slots.acquire(blocking=False):
            OFFLOAD_REJECTIONS.labels("busy").inc()
            raise ServerBusy(self._retry_after)
        try:
            future: Future[T] = self._executor.submit(fn, *args)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.budget_seconds)
        except TimeoutError:
            OFFLOAD_REJECTIONS.labels("budget").inc()
            raise WorkTooLong(self.budget_seconds, self._retry_after) from None

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
