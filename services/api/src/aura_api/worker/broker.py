"""The task broker: taskiq on Redis streams in production, in memory when embedded."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from taskiq import AsyncBroker, InMemoryBroker, TaskiqMessage
from taskiq.kicker import AsyncKicker
from taskiq.middlewares import SmartRetryMiddleware
from taskiq_redis import RedisStreamBroker

from aura_api.config import Settings

RETRIES = 6
BASE_DELAY_SECONDS = 2.0
MAX_DELAY_SECONDS = 300.0


class BackoffRetryMiddleware(SmartRetryMiddleware):
    """Retry a failed task with exponential backoff.

    taskiq's own middleware re-sends at once unless a schedule source exists; here the retry is
    re-sent right away (so it is durable in the queue) carrying a `not_before` label, and the
    worker that picks it up waits until then.
    """

    def make_delay(self, message: TaskiqMessage, retries: int) -> float:
        base = float(message.labels.get("retry_base_delay", self.default_delay))
        return float(min(base * 2 ** (retries - 1), self.max_delay_exponent))

    async def on_send(
        self, kicker: AsyncKicker[Any, Any], message: TaskiqMessage, delay: float
    ) -> None:
        labels = {"not_before": str(time.time() + delay)}
        await kicker.with_labels(**labels).kiq(*message.args, **message.kwargs)

    async def pre_execute(self, message: TaskiqMessage) -> TaskiqMessage:
        wait = float(message.labels.get("not_before", 0)) - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        return message


def retry_middleware(base_delay: float = BASE_DELAY_SECONDS) -> BackoffRetryMiddleware:
    return BackoffRetryMiddleware(
        default_retry_count=RETRIES,
        default_delay=base_delay,
        use_jitter=False,
        max_delay_exponent=MAX_DELAY_SECONDS,
    )


def namespace(settings: Settings) -> str:
    """Prefix of Redis keys and channels (several deployments or test runs share one Redis)."""
    return str(getattr(settings, "redis_namespace", "aura"))


def build_broker(settings: Settings, *, worker: bool = False) -> AsyncBroker:
    """A broker for these settings. The API side uses short timeouts: Redis down must not
    hold a request for long (the sweep re-enqueues whatever could not be sent)."""
    broker: AsyncBroker
    if settings.redis_url:
        broker = RedisStreamBroker(
            settings.redis_url,
            queue_name=f"{namespace(settings)}:tasks",
            consumer_group_name="aura-workers",
            consumer_id="0",  # a group created after tasks were queued still gets them
            maxlen=100_000,
            idle_timeout=5 * 60 * 1000,
            socket_connect_timeout=2.0,
            socket_timeout=10.0 if worker else 1.0,
        )
    else:
        broker = InMemoryBroker()
    return broker.with_middlewares(retry_middleware())
