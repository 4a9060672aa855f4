"""The team's live activity as Server-Sent Events (leads and admins)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.activity import hub as hubs
from aura_api.activity.errors import ActivityUnavailable
from aura_api.auth.principal import Principal
from aura_api.authz import Action, require_team_action
from aura_api.resources import Resources


@dataclass
class Stream:
    """A live subscription plus what a reconnecting client missed."""

    sub: hubs.Subscription
    missed: list[dict[str, Any]] = field(default_factory=list)
    # The client's Last-Event-ID is no longer (or never was) in the replay buffer.
    lost: bool = False


def _after(messages: list[str], last_event_id: str) -> tuple[list[dict[str, Any]], bool]:
    """The buffered events after `last_event_id`, and whether that id was found."""
    items = [item for message in messages for item in json.loads(message)]
    for index in range(len(items) - 1, -1, -1):
        if items[index]["id"] == last_event_id:
            return items[index + 1 :], True
    return [], False


async def open_stream(
    session: AsyncSession,
    res: Resources,
    hub: hubs.ActivityHub,
    user: Principal,
    team_id: uuid.UUID,
    last_event_id: str | None = None,
) -> Stream:
    """Authorize, then subscribe before the response starts (so nothing ingested is missed),
    then read the replay buffer for a client that reconnects with `Last-Event-ID`."""
    await require_team_action(
        session, res.cache, user, team_id, Action.view_team_activity,
        ttl=res.settings.cache_ttl_seconds,
    )  # fmt: skip
    try:
        stream = Stream(await hub.subscribe(team_id))
    except (RedisError, OSError, TimeoutError) as exc:
        raise ActivityUnavailable from exc
    if last_event_id:
        try:
            stream.missed, found = _after(await hub.recent(team_id), last_event_id.strip())
        except (RedisError, OSError, TimeoutError) as exc:
            await stream.sub.close()
            raise ActivityUnavailable from exc
        stream.lost = not found
    return stream


def _event(item: dict[str, Any]) -> str:
    return f"id: {item['id']}\nevent: activity\ndata: {json.dumps(item)}\n\n"


async def sse(stream: Stream, max_seconds: float) -> AsyncIterator[str]:
    """`event: activity` per new event (id = event id), a comment line as heartbeat.

    A reconnecting client first gets the events it missed, or `event: reset` when its
    `Last-Event-ID` has left the replay buffer (reload from the events feed). Ends after
    `max_seconds` (EventSource clients reconnect on their own); a disconnect cancels the
    generator, and `finally` releases the subscription either way.
    """
    deadline = time.monotonic() + max_seconds
    # Events published between subscribing and reading the buffer arrive twice.
    replayed = {item["id"] for item in stream.missed}
    try:
        yield ": connected\n\n"
        if stream.lost:
            yield 'event: reset\ndata: {"reason": "last_event_id_not_in_replay_buffer"}\n\n'
        for item in stream.missed:
            yield _event(item)
        async for message in stream.sub.messages(min(hubs.HEARTBEAT_SECONDS, max_seconds)):
            if message is None:
                yield ": heartbeat\n\n"
            else:
                for item in json.loads(message):
                    if item["id"] not in replayed:
                        yield _event(item)
            if time.monotonic() >= deadline:
                break
    finally:
        await stream.sub.close()
