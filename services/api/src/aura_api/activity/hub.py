"""Fan-out of a team's new events to live streams: Redis pub/sub, or in process when embedded.

Each team also keeps a short replay buffer of its last REPLAY_BATCHES published batches (a
capped Redis stream, or a deque), so a stream that reconnects with `Last-Event-ID` gets what
it missed while it was away.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator
from typing import Protocol

from loguru import logger
from redis.asyncio import Redis
from redis.exceptions import RedisError

HEARTBEAT_SECONDS = 15.0
REPLAY_BATCHES = 100  # ingest batches kept per team for reconnecting streams
REPLAY_TTL_SECONDS = 3600  # an idle team's buffer expires


def channel(namespace: str, team_id: uuid.UUID) -> str:
    return f"{namespace}:activity:{team_id}"


def replay_key(namespace: str, team_id: uuid.UUID) -> str:
    return f"{namespace}:activity-replay:{team_id}"


class Subscription(Protocol):
    def messages(self, heartbeat: float) -> AsyncIterator[str | None]:
        """Messages as they come; None when `heartbeat` seconds passed without one."""
        ...

    async def close(self) -> None: ...


class ActivityHub(Protocol):
    async def publish(self, team_id: uuid.UUID, message: str) -> None: ...
    async def subscribe(self, team_id: uuid.UUID) -> Subscription: ...
    async def recent(self, team_id: uuid.UUID) -> list[str]:
        """The team's buffered messages, oldest first."""
        ...

    async def close(self) -> None: ...


class _QueueSubscription:
    def __init__(self, hub: MemoryHub, team_id: uuid.UUID) -> None:
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1000)
        self._hub, self._team = hub, team_id

    async def messages(self, heartbeat: float) -> AsyncIterator[str | None]:
        while True:
            try:
                yield await asyncio.wait_for(self.queue.get(), heartbeat)
            except TimeoutError:
                yield None

    async def close(self) -> None:
        self._hub.subscribers.get(self._team, set()).discard(self)


class MemoryHub:
    """One process's subscribers (embedded mode runs one API process)."""

    def __init__(self) -> None:
        self.subscribers: dict[uuid.UUID, set[_QueueSubscription]] = {}
        self.buffers: dict[uuid.UUID, deque[str]] = {}

    async def publish(self, team_id: uuid.UUID, message: str) -> None:
        self.buffers.setdefault(team_id, deque(maxlen=REPLAY_BATCHES)).append(message)
        for sub in list(self.subscribers.get(team_id, ())):
            if not sub.queue.full():  # a stalled reader loses messages, not the server memory
                sub.queue.put_nowait(message)

    async def subscribe(self, team_id: uuid.UUID) -> Subscription:
        sub = _QueueSubscription(self, team_id)
        self.subscribers.setdefault(team_id, set()).add(sub)
        return sub

    async def recent(self, team_id: uuid.UUID) -> list[str]:
        return list(self.buffers.get(team_id, ()))

    async def close(self) -> None:
        self.subscribers.clear()
        self.buffers.clear()


class _RedisSubscription:
    def __init__(self, client: Redis, name: str) -> None:
        self._client = client
        self._pubsub = client.pubsub(ignore_subscribe_messages=True)
        self._channel = name

    async def open(self) -> None:
        await self._pubsub.subscribe(self._channel)

    async def messages(self, heartbeat: float) -> AsyncIterator[str | None]:
        last = time.monotonic()
        while True:
            left = max(0.1, heartbeat - (time.monotonic() - last))
            msg = await self._pubsub.get_message(timeout=left)
            if msg is not None and msg.get("type") == "message":
                last = time.monotonic()
                data = msg["data"]
                yield data.decode() if isinstance(data, bytes) else str(data)
            elif time.monotonic() - last >= heartbeat:
                last = time.monotonic()
                yield None

    async def close(self) -> None:
        try:
            await self._pubsub.unsubscribe()
            await self._pubsub.aclose()  # type: ignore[no-untyped-call]
        finally:
            await self._client.aclose()


class RedisHub:
    """Every API replica publishes to and subscribes on the team's channel."""

    def __init__(self, url: str, namespace: str) -> None:
        self._url, self._ns = url, namespace
        self._publisher = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)

    async def publish(self, team_id: uuid.UUID, message: str) -> None:
        key = replay_key(self._ns, team_id)
        try:
            # One round trip: buffer (approximately capped, cheap to trim), expiry, fan-out.
            async with self._publisher.pipeline(transaction=False) as pipe:
                pipe.xadd(key, {"m": message}, maxlen=REPLAY_BATCHES, approximate=True)
                pipe.expire(key, REPLAY_TTL_SECONDS)
                pipe.publish(channel(self._ns, team_id), message)
                await pipe.execute()
        except (RedisError, OSError, TimeoutError) as exc:
            logger.warning("live activity not published ({})", exc)

    async def subscribe(self, team_id: uuid.UUID) -> Subscription:
        client = Redis.from_url(self._url, socket_connect_timeout=2.0)
        sub = _RedisSubscription(client, channel(self._ns, team_id))
        try:
            await sub.open()
        except BaseException:
            await sub.close()
            raise
        return sub

    async def recent(self, team_id: uuid.UUID) -> list[str]:
        entries = await self._publisher.xrange(replay_key(self._ns, team_id)) or []
        out = []
        for _, fields in entries:
            value = (fields or {}).get(b"m")
            if isinstance(value, bytes):
                out.append(value.decode())
        return out

    async def close(self) -> None:
        await self._publisher.aclose()
