from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from aura_api.authz import InsufficientRole, TeamNotFound
from aura_api.deps import CurrentUser, Pagination, ResourcesDep, SessionDep
from aura_api.errors import Unauthorized, ValidationFailed, responses_for
from aura_api.models import Team, TeamMember, TeamRole, User
from aura_api.teams import service
from aura_api.teams.errors import (
    AlreadyMember,
    CannotManageMember,
    LastAdmin,
    MemberNotFound,
    SlugTaken,
    UserNotFound,
)
from aura_api.teams.schemas import (
    MemberCreate,
    MemberList,
    MemberRead,
    MemberUpdate,
    TeamCreate,
    TeamList,
    TeamRead,
    TeamUpdate,
)

router = APIRouter(prefix="/api/v1/teams", tags=["teams"])
_SCOPED = (Unauthorized, TeamNotFound, InsufficientRole)


def _team(team: Team, role: str) -> TeamRead:
    return TeamRead(
        id=team.id, name=team.name, slug=team.slug, created_at=team.created_at, role=TeamRole(role)
    )


def _member(row: TeamMember, user: User) -> MemberRead:
    return MemberRead(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=row.role,
        joined_at=row.joined_at,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses_for(Unauthorized, SlugTaken, ValidationFailed),
)
async def create_team(
    data: TeamCreate, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> TeamRead:
    """Create a team; you become its admin."""
    team = await service.create_team(session, res, user, data)
    return _team(team, "admin")


@router.get("", responses=responses_for(Unauthorized))
async def list_teams(user: CurrentUser, session: SessionDep, page: Pagination) -> TeamList:
    """The teams you belong to, with your role in each."""
    rows, total = await service.list_teams(session, user, limit=page.limit, offset=page.offset)
    return TeamList(items=[_team(t, r) for t, r in rows], total=total)


@router.get("/{team_id}", responses=responses_for(*_SCOPED))
async def read_team(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> TeamRead:
    """One of your teams."""
    team, role = await service.get_team(session, res, user, team_id)
    return _team(team, role)


@router.patch("/{team_id}", responses=responses_for(*_SCOPED, ValidationFailed))
async def update_team(
    team_id: uuid.UUID, data: TeamUpdate, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> TeamRead:
    """Rename a team (admins)."""
    team, role = await service.rename_team(session, res, user, team_id, data.name)
    return _team(team, role)


@router.delete(
    "/{team_id}", status_code=status.HTTP_204_NO_CONTENT, responses=responses_for(*_SCOPED)
)
async def delete_team(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> Response:
    """Delete a team and its memberships (admins)."""
    await service.delete_team(session, res, user, team_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{team_id}/members", responses=responses_for(*_SCOPED))
async def list_team_members(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep, page: Pagination
) -> MemberList:
    """Members of a team and their roles."""
    rows, total = await service.list_members(
        session, res, user, team_id, limit=page.limit, offset=page.offset
    )
    return MemberList(items=[_member(m, u) for m, u in rows], total=total)


@router.post(
    "/{team_id}/members",
    status_code=status.HTTP_201_CREATED,
    responses=responses_for(*_SCOPED, UserNotFound, AlreadyMember, CannotManageMember),
)
async def add_team_member(
    team_id: uuid.UUID,
    data: MemberCreate,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> MemberRead:
    """Add an existing account by email (leads add members; admins any role)."""
    row, target = await service.add_member(session, res, user, team_id, data)
    return _member(row, target)


@router.patch(
    "/{team_id}/members/{user_id}",
    responses=responses_for(*_SCOPED, MemberNotFound, LastAdmin),
)
async def update_team_member(
    team_id: uuid.UUID,
    user_id: uuid.UUID,
    data: MemberUpdate,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> MemberRead:
    """Change a member's role (admins). The last admin cannot be demoted."""
    row, target = await service.change_role(session, res, user, team_id, user_id, data.role)
    return _member(row, target)


@router.delete(
    "/{team_id}/members/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses_for(*_SCOPED, MemberNotFound, CannotManageMember, LastAdmin),
)
async def remove_team_member(
    team_id: uuid.UUID,
    user_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
) -> Response:
    """Remove a member (admins anyone, leads plain members)."""
    await service.remove_member(session, res, user, team_id, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{team_id}/leave",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses_for(*_SCOPED, LastAdmin),
)
async def leave_team(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> Response:
    """Leave a team. The last admin must promote someone first."""
    await service.leave_team(session, res, user, team_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
