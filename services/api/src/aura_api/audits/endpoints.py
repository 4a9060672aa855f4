from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from aura_api.audits import service
from aura_api.audits.errors import AuditNotFound, TooManyFindings
from aura_api.audits.query import AuditQuery
from aura_api.audits.schemas import AuditDetail, AuditList, AuditRead, AuditSubmit, FindingRead
from aura_api.authz import InsufficientRole, TeamNotFound
from aura_api.deps import CurrentUser, Pagination, ResourcesDep, SessionDep
from aura_api.errors import Unauthorized, ValidationFailed, responses_for
from aura_api.events.schemas import EventSource
from aura_api.models import Audit, AuditFinding

router = APIRouter(prefix="/api/v1/audits", tags=["audits"])


def _read(audit: Audit) -> AuditRead:
    return AuditRead(
        **audit.model_dump(exclude={"commit_sha", "client_id"}), commit=audit.commit_sha
    )


def _detail(audit: Audit, findings: Sequence[AuditFinding]) -> AuditDetail:
    return AuditDetail(
        **_read(audit).model_dump(),
        findings=[FindingRead.model_validate(f) for f in findings],
    )


@router.post(
    "",
    status_code=201,
    responses={
        **responses_for(Unauthorized, TeamNotFound, TooManyFindings, ValidationFailed),
        200: {"description": "Submitted before with this `id`: the stored audit"},
    },
)
async def submit_audit(
    data: AuditSubmit,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    response: Response,
) -> AuditDetail:
    """Submit a findings report (findings JSON v1) with its source, repo and commit.

    201 when stored; 200 with the stored audit when its `id` was submitted before."""
    audit, findings, created = await service.submit_audit(session, res, user, data)
    if not created:
        response.status_code = 200
    return _detail(audit, findings)


@router.get("", responses=responses_for(Unauthorized, TeamNotFound, InsufficientRole))
async def list_audits(
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    page: Pagination,
    team_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    repo: Annotated[str | None, Query(max_length=300)] = None,
    status: Literal["pass", "fail"] | None = None,
    source: EventSource | None = None,
) -> AuditList:
    """Audits newest first: yours, or with `team_id` the team's (leads and admins)."""
    q = AuditQuery(
        team_id=team_id,
        user_id=user_id,
        repo=repo,
        status=status,
        source=source.value if source else None,
    )
    rows, total = await service.list_audits(
        session, res, user, q, limit=page.limit, offset=page.offset
    )
    return AuditList(items=[_read(a) for a in rows], total=total)


@router.get("/{audit_id}", responses=responses_for(Unauthorized, AuditNotFound))
async def read_audit(
    audit_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> AuditDetail:
    """One audit with its findings."""
    audit, findings = await service.get_audit(session, res, user, audit_id)
    return _detail(audit, findings)
