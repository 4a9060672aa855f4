"""The team's live activity as Server-Sent Events (leads and admins)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator

from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.activity import hub as hubs
from aura_api.activity.errors import ActivityUnavailable
from aura_api.auth.principal import Principal
from aura_api.authz import Action, require_team_action
from aura_api.resources import Resources


async def open_stream(
    session: AsyncSession,
    res: Resources,
    hub: hubs.ActivityHub,
    user: Principal,
    team_id: uuid.UUID,
) -> hubs.Subscription:
    """Authorize, then subscribe before the response starts (so nothing ingested is missed)."""
    await require_team_action(
        session, res.cache, user, team_id, Action.view_team_activity,
        ttl=res.settings.cache_ttl_seconds,
    )  # fmt: skip
    try:
        return await hub.subscribe(team_id)
    except (RedisError, OSError, TimeoutError) as exc:
        raise ActivityUnavailable from exc


async def sse(sub: hubs.Subscription, max_seconds: float) -> AsyncIterator[str]:
    """`event: activity` per new event (id = event id), a comment line as heartbeat.

    Ends after `max_seconds` (EventSource clients reconnect on their own); a disconnect
    cancels the generator, and `finally` releases the subscription either way.
    """
    deadline = time.monotonic() + max_seconds
    try:
        yield ": connected\n\n"
        async for message in sub.messages(min(hubs.HEARTBEAT_SECONDS, max_seconds)):
            if message is None:
                yield ": heartbeat\n\n"
            else:
                for item in json.loads(message):
                    yield f"id: {item['id']}\nevent: activity\ndata: {json.dumps(item)}\n\n"
            if time.monotonic() >= deadline:
                break
    finally:
        await sub.close()
