from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Header, Query

from aura_api.authz import InsufficientRole, TeamNotFound
from aura_api.deps import CurrentUser, Instant, ResourcesDep, SessionDep
from aura_api.errors import MalformedBody, Unauthorized, ValidationFailed, responses_for
from aura_api.events import service
from aura_api.events.errors import BatchTooLarge
from aura_api.events.query import EventQuery
from aura_api.events.schemas import (
    CURSOR_PATTERN,
    EventBatch,
    EventList,
    EventRead,
    EventType,
    IngestResult,
)
from aura_api.worker.runtime import Runtime, get_runtime

router = APIRouter(prefix="/api/v1/events", tags=["events"])
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@router.post(
    "", responses=responses_for(Unauthorized, MalformedBody, BatchTooLarge, ValidationFailed)
)
async def ingest_events(
    batch: EventBatch,
    user: CurrentUser,
    session: SessionDep,
    runtime: RuntimeDep,
    background: BackgroundTasks,
    x_aura_team: Annotated[
        uuid.UUID | None,
        Header(description="Team for events that name none (default: your only team)"),
    ] = None,
) -> IngestResult:
    """Ingest a batch of 1..500 events; idempotent by event id.

    Each invalid event is reported in `rejected` without failing the others.
    """
    outcome = await service.ingest(session, user, batch.events, x_aura_team)
    # Background tasks run after the response, so after the request's commit.
    background.add_task(runtime.after_ingest, outcome.stored)
    return outcome.result


@router.get("", responses=responses_for(Unauthorized, InsufficientRole, TeamNotFound))
async def list_events(
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    team_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    type: EventType | None = None,
    rule_id: Annotated[str | None, Query(max_length=200)] = None,
    repo: Annotated[str | None, Query(max_length=300)] = None,
    since: Annotated[Instant | None, Query(description="With a time zone")] = None,
    until: Annotated[
        Instant | None, Query(description="Exclusive; at or before `since` is empty")
    ] = None,
    cursor: Annotated[
        str | None,
        Query(
            max_length=60, pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page"
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> EventList:
    """Events newest first. Yours; or with `team_id`, the team's (leads and admins)."""
    q = EventQuery(
        team_id=team_id,
        user_id=user_id,
        type=type.value if type else None,
        rule_id=rule_id,
        repo=repo,
        since=since,
        until=until,
    )
    rows, next_cursor = await service.list_events(session, res, user, q, cursor=cursor, limit=limit)
    return EventList(items=[EventRead.model_validate(r) for r in rows], next_cursor=next_cursor)
