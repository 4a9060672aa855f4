"""Team lifecycle and membership. Who may do what is asked of `aura_api.authz`."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.principal import Principal
from aura_api.auth.repository import UserRepository
from aura_api.authz import (
    Action,
    authorize,
    may_manage_member,
    membership_cache_key,
)
from aura_api.cache import invalidate
from aura_api.models import Team, TeamMember, TeamRole, User
from aura_api.resources import Resources
from aura_api.teams.errors import (
    AlreadyMember,
    CannotManageMember,
    LastAdmin,
    MemberNotFound,
    SlugTaken,
    UserNotFound,
)
from aura_api.teams.repository import TeamMemberRepository, TeamRepository
from aura_api.teams.schemas import MemberCreate, TeamCreate


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    return slug or f"team-{secrets.token_hex(3)}"


async def create_team(
    session: AsyncSession, res: Resources, user: Principal, data: TeamCreate
) -> Team:
    """Create a team; its creator becomes its first admin."""
    teams = TeamRepository(session)
    slug = data.slug or _slugify(data.name)
    if await teams.get_by_slug(slug):
        if data.slug:
            raise SlugTaken(slug)
        slug = f"{slug[:70]}-{secrets.token_hex(3)}"
    team = await teams.add(Team(name=data.name, slug=slug, created_by=user.id))
    await TeamMemberRepository(session).add(
        TeamMember(team_id=team.id, user_id=user.id, role=TeamRole.admin)
    )
    await invalidate(session, res.cache, membership_cache_key(team.id, user.id))
    return team


async def list_teams(
    session: AsyncSession, user: Principal, *, limit: int, offset: int
) -> tuple[Sequence[tuple[Team, str]], int]:
    return await TeamRepository(session).list_for_user(user.id, limit=limit, offset=offset)


async def get_team(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID
) -> tuple[Team, TeamRole]:
    role = await authorize(session, res, user, team_id, Action.view_team)
    team = await TeamRepository(session).get(team_id)
    assert team is not None  # authz already proved it exists
    return team, role


async def rename_team(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID, name: str
) -> tuple[Team, TeamRole]:
    role = await authorize(session, res, user, team_id, Action.update_team)
    repo = TeamRepository(session)
    team = await repo.get(team_id)
    assert team is not None
    team.name = name
    team.updated_at = datetime.now(UTC)
    return await repo.add(team), role


async def delete_team(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID
) -> None:
    await authorize(session, res, user, team_id, Action.delete_team)
    members = TeamMemberRepository(session)
    user_ids = await members.member_user_ids(team_id)
    team = await TeamRepository(session).get(team_id)
    assert team is not None
    await TeamRepository(session).delete(team)
    await invalidate(session, res.cache, *(membership_cache_key(team_id, uid) for uid in user_ids))


async def list_members(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    *,
    limit: int,
    offset: int,
) -> tuple[Sequence[tuple[TeamMember, User]], int]:
    await authorize(session, res, user, team_id, Action.view_members)
    return await TeamMemberRepository(session).list_members(team_id, limit=limit, offset=offset)


async def add_member(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID, data: MemberCreate
) -> tuple[TeamMember, User]:
    """Add an existing account to the team by email."""
    actor = await authorize(session, res, user, team_id, Action.add_member)
    if not may_manage_member(actor, data.role):
        raise CannotManageMember
    target = await UserRepository(session).get_by_email(data.email)
    if target is None:
        raise UserNotFound
    members = TeamMemberRepository(session)
    if await members.get_membership(team_id, target.id):
        raise AlreadyMember
    row = await members.add(TeamMember(team_id=team_id, user_id=target.id, role=data.role))
    await invalidate(session, res.cache, membership_cache_key(team_id, target.id))
    return row, target


async def change_role(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    member_id: uuid.UUID,
    role: TeamRole,
) -> tuple[TeamMember, User]:
    await authorize(session, res, user, team_id, Action.change_role)
    members = TeamMemberRepository(session)
    row = await members.get_membership(team_id, member_id)
    if row is None:
        raise MemberNotFound
    if row.role == TeamRole.admin and role != TeamRole.admin:
        await _keep_an_admin(members, team_id)
    row.role = role
    await members.add(row)
    await invalidate(session, res.cache, membership_cache_key(team_id, member_id))
    target = await UserRepository(session).get(member_id)
    assert target is not None
    return row, target


async def remove_member(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID, member_id: uuid.UUID
) -> None:
    """Remove someone (leads: plain members only). Removing yourself is leaving."""
    if member_id == user.id:
        await leave_team(session, res, user, team_id)
        return
    actor = await authorize(session, res, user, team_id, Action.remove_member)
    members = TeamMemberRepository(session)
    row = await members.get_membership(team_id, member_id)
    if row is None:
        raise MemberNotFound
    if not may_manage_member(actor, TeamRole(row.role)):
        raise CannotManageMember
    if row.role == TeamRole.admin:
        await _keep_an_admin(members, team_id)
    await members.delete(row)
    await invalidate(session, res.cache, membership_cache_key(team_id, member_id))


async def leave_team(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID
) -> None:
    await authorize(session, res, user, team_id, Action.view_team)
    members = TeamMemberRepository(session)
    row = await members.get_membership(team_id, user.id)
    if row is None:  # a superuser who is not a member
        raise MemberNotFound
    if row.role == TeamRole.admin:
        await _keep_an_admin(members, team_id)
    await members.delete(row)
    await invalidate(session, res.cache, membership_cache_key(team_id, user.id))


async def _keep_an_admin(members: TeamMemberRepository, team_id: uuid.UUID) -> None:
    if await members.count_admins(team_id) <= 1:
        raise LastAdmin
