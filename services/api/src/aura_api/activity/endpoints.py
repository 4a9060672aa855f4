from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import StreamingResponse

from aura_api.activity import service
from aura_api.activity.errors import ActivityUnavailable
from aura_api.authz import InsufficientRole, TeamNotFound
from aura_api.deps import CurrentUser, ResourcesDep, SessionDep
from aura_api.errors import SSE_EVENT, Unauthorized, responses_for
from aura_api.worker.runtime import Runtime, get_runtime

router = APIRouter(prefix="/api/v1/teams/{team_id}/activity", tags=["activity"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {"schema": SSE_EVENT}},
            "description": "An SSE stream",
        },
        **responses_for(Unauthorized, TeamNotFound, InsufficientRole, ActivityUnavailable),
    },
)
async def stream_team_activity(
    team_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    runtime: RuntimeDep,
    max_seconds: Annotated[
        float, Query(ge=0.05, le=3600, description="Close after this long; clients reconnect")
    ] = 600,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID",
            max_length=200,
            description="Sent by EventSource on reconnect: replay what came after this event",
        ),
    ] = None,
) -> StreamingResponse:
    """The team's new events as Server-Sent Events (leads and admins).

    Each event is `event: activity` with the event as JSON; `: heartbeat` every 15 s. With
    `Last-Event-ID`, the events published after it (within the team's last 100 ingest
    batches) come first; `event: reset` says it is no longer buffered (reload the feed).
    """
    stream = await service.open_stream(session, res, runtime.hub, user, team_id, last_event_id)
    return StreamingResponse(
        service.sse(stream, max_seconds),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
