"""The knowledge map: built-in rules, team rules and lessons, versioned."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status
from fastapi.responses import JSONResponse

from aura_api.authz import InsufficientRole, TeamNotFound
from aura_api.deps import CurrentUser, Pagination, ResourcesDep, SessionDep
from aura_api.errors import Unauthorized, ValidationFailed, responses_for
from aura_api.knowledge import service, service_map
from aura_api.knowledge.errors import (
    ConcurrentKnowledgeChange,
    InvalidLesson,
    InvalidRulesFile,
    KnowledgeVersionNotFound,
)
from aura_api.knowledge.schemas import (
    MAX_VERSION,
    KnowledgeExport,
    KnowledgeImport,
    KnowledgeMapRead,
    KnowledgeRollback,
    KnowledgeVersionList,
    KnowledgeVersionRead,
    KnowledgeVersionSummary,
    RuleList,
)

router = APIRouter(tags=["knowledge"])
VersionNumber = Annotated[int, Path(ge=1, le=MAX_VERSION, description="A version number")]
_SCOPED = (Unauthorized, TeamNotFound, InsufficientRole)
_TEAM = "/api/v1/teams/{team_id}/knowledge"


@router.get("/api/v1/rules", responses=responses_for(*_SCOPED))
async def list_rules(
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    team_id: Annotated[uuid.UUID | None, Query(description="Apply this team's rules")] = None,
) -> RuleList:
    """Built-in rules (`builtin: true`, read-only) and, with `team_id`, the team's own."""
    return await service_map.list_rules(session, res, user, team_id)


@router.get(
    "/api/v1/knowledge-map",
    responses={**responses_for(*_SCOPED), 304: {"description": "Not modified (ETag matched)"}},
)
async def read_knowledge_map(
    team_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    if_none_match: Annotated[str | None, Header(max_length=1000)] = None,
) -> KnowledgeMapRead:
    """Everything a client syncs, in one call; send `If-None-Match` to get 304 when unchanged."""
    doc, etag = await service_map.knowledge_map(session, res, user, team_id)
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if service_map.etag_matches(if_none_match, etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)  # type: ignore[return-value]
    return JSONResponse(doc.model_dump(mode="json"), headers=headers)  # type: ignore[return-value]


@router.get(_TEAM, responses=responses_for(*_SCOPED))
async def read_knowledge(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> KnowledgeVersionRead:
    """The team's current version (version 0 and empty files before the first import)."""
    return await service.read_current(session, res, user, team_id)


@router.put(
    _TEAM,
    responses=responses_for(
        *_SCOPED, InvalidRulesFile, InvalidLesson, ValidationFailed, ConcurrentKnowledgeChange
    ),
)
async def import_knowledge(
    team_id: uuid.UUID,
    data: KnowledgeImport,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> KnowledgeVersionRead:
    """Import `.aura/rules.yaml` and lesson files as the next version (leads and admins).

    Invalid files are refused with 422 and `details: {file, line, problem}`."""
    return await service.import_knowledge(session, res, user, team_id, data)


@router.get(f"{_TEAM}/export", responses=responses_for(*_SCOPED))
async def export_knowledge(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> KnowledgeExport:
    """The current files back: `rules_yaml` and `lessons` (id → Markdown)."""
    return await service.export_knowledge(session, res, user, team_id)


@router.get(f"{_TEAM}/versions", responses=responses_for(*_SCOPED))
async def list_knowledge_versions(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep, page: Pagination
) -> KnowledgeVersionList:
    """History, newest first."""
    rows, total = await service.list_versions(
        session, res, user, team_id, limit=page.limit, offset=page.offset
    )
    items = [
        KnowledgeVersionSummary(
            version=r.version,
            message=r.message,
            author_id=r.author_id,
            created_at=r.created_at,
            restored_from=r.restored_from,
            content_hash=r.content_hash,
            rules=len(r.rules),
            lessons=len(r.lessons),
        )
        for r in rows
    ]
    return KnowledgeVersionList(items=items, total=total)


@router.get(
    f"{_TEAM}/versions/{{version}}", responses=responses_for(*_SCOPED, KnowledgeVersionNotFound)
)
async def read_knowledge_version(
    team_id: uuid.UUID,
    version: VersionNumber,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> KnowledgeVersionRead:
    """One version, whole."""
    return await service.read_version(session, res, user, team_id, version)


@router.post(
    f"{_TEAM}/versions/{{version}}/rollback",
    status_code=status.HTTP_201_CREATED,
    responses=responses_for(*_SCOPED, KnowledgeVersionNotFound, ConcurrentKnowledgeChange),
)
async def rollback_knowledge(
    team_id: uuid.UUID,
    version: VersionNumber,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    data: KnowledgeRollback | None = None,
) -> KnowledgeVersionRead:
    """Create a new version with the content of `version` (leads and admins)."""
    message = data.message if data else None
    return await service.rollback_knowledge(session, res, user, team_id, version, message)
