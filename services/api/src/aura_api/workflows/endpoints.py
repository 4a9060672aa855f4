from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from aura_api.deps import CurrentUser, Pagination, SessionDep
from aura_api.errors import SSE_EVENT, Unauthorized, ValidationFailed, responses_for
from aura_api.models import WorkflowRun
from aura_api.workflows import service
from aura_api.workflows.deps import RuntimeDep
from aura_api.workflows.errors import DiffTooLarge, InvalidRulesConfig, WorkflowRunNotFound
from aura_api.workflows.schemas import (
    AuditRunCreate,
    AuditRunRead,
    StruggleRunCreate,
    StruggleRunRead,
    WorkflowKind,
    WorkflowRunList,
    WorkflowRunRead,
    WorkflowStatus,
)

router = APIRouter(prefix="/api/v1/workflows", tags=["workflows"])

_SSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: `token` {text}… then `done`; or one `lesson` "
        "{run_id, lesson, personalised} then `done`",
        "content": {"text/event-stream": {"schema": SSE_EVENT}},
    }
}


def _read(run: WorkflowRun) -> WorkflowRunRead:
    return WorkflowRunRead.model_validate(run, from_attributes=True)


@router.post(
    "/audit",
    responses=responses_for(Unauthorized, DiffTooLarge, InvalidRulesConfig, ValidationFailed),
)
async def run_audit_workflow(
    data: AuditRunCreate, user: CurrentUser, session: SessionDep, runtime: RuntimeDep
) -> AuditRunRead:
    """Audit a diff with the built-in rules (and your rules file); the LLM, when configured,
    explains the findings but never changes them. The run is recorded in your history."""
    return await service.run_audit(session, runtime, user, data)


@router.post("/struggle", responses=responses_for(Unauthorized, ValidationFailed))
async def run_struggle_workflow(
    data: StruggleRunCreate, user: CurrentUser, session: SessionDep, runtime: RuntimeDep
) -> StruggleRunRead:
    """Decide from the sensor's signals whether to help, pick the best lesson, and (with an
    LLM) personalise it: `status: streaming` means open `stream_url` for the text."""
    return await service.run_struggle(session, runtime, user, data)


@router.get("", responses=responses_for(Unauthorized, ValidationFailed))
async def list_workflow_runs(
    user: CurrentUser,
    session: SessionDep,
    page: Pagination,
    kind: Annotated[WorkflowKind | None, Query()] = None,
    status: Annotated[WorkflowStatus | None, Query()] = None,
) -> WorkflowRunList:
    """Your workflow runs, newest first."""
    rows, total = await service.list_runs(
        session, user, kind=kind, status=status, limit=page.limit, offset=page.offset
    )
    return WorkflowRunList(items=[_read(r) for r in rows], total=total)


@router.get("/{run_id:uuid}", responses=responses_for(Unauthorized, WorkflowRunNotFound))
async def read_workflow_run(
    run_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> WorkflowRunRead:
    """One of your runs with its input summary, output and timings."""
    return _read(await service.get_run(session, user, run_id))


@router.get(
    "/{run_id:uuid}/stream",
    response_class=StreamingResponse,
    responses={**_SSE, **responses_for(Unauthorized, WorkflowRunNotFound)},
)
async def stream_workflow_run(
    run_id: uuid.UUID, user: CurrentUser, session: SessionDep, runtime: RuntimeDep
) -> StreamingResponse:
    """Relay the personalised lesson as it is generated, or send the lesson as one event."""
    run = await service.get_run(session, user, run_id)
    return StreamingResponse(
        service.stream_run(runtime, run),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
