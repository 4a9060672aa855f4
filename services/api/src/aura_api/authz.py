"""Authorization, decided in one place.

Every team-scoped action names an `Action`; `require_team_action` answers whether the caller
may do it. A caller who is not in the team gets 404 (the team's existence is not revealed);
a member without the needed role gets 403.
"""

from __future__ import annotations

import json
import uuid
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.principal import Principal
from aura_api.cache import Cache, read_through
from aura_api.errors import Forbidden, NotFound
from aura_api.models import TeamRole
from aura_api.resources import Resources
from aura_api.teams.repository import TeamMemberRepository


class Action(StrEnum):
    view_team = "view_team"
    update_team = "update_team"
    delete_team = "delete_team"
    view_members = "view_members"
    add_member = "add_member"
    change_role = "change_role"
    remove_member = "remove_member"
    view_team_analytics = "view_team_analytics"
    manage_knowledge = "manage_knowledge"
    view_team_events = "view_team_events"
    view_team_activity = "view_team_activity"
    manage_webhooks = "manage_webhooks"


_RANK = {TeamRole.member: 1, TeamRole.lead: 2, TeamRole.admin: 3}
_MIN_ROLE: dict[Action, TeamRole] = {
    Action.view_team: TeamRole.member,
    Action.view_members: TeamRole.member,
    Action.update_team: TeamRole.admin,
    Action.delete_team: TeamRole.admin,
    Action.add_member: TeamRole.lead,
    Action.change_role: TeamRole.admin,
    Action.remove_member: TeamRole.lead,
    Action.view_team_analytics: TeamRole.lead,
    Action.manage_knowledge: TeamRole.lead,
    Action.view_team_events: TeamRole.lead,
    Action.view_team_activity: TeamRole.lead,
    Action.manage_webhooks: TeamRole.lead,
}


class TeamNotFound(NotFound):
    code = "team_not_found"

    def __init__(self) -> None:
        super().__init__("No such team")


class InsufficientRole(Forbidden):
    code = "insufficient_role"

    def __init__(self, action: Action, needed: TeamRole) -> None:
        super().__init__(
            f"Your role in this team does not allow {action.value}",
            details={"action": action.value, "required_role": needed.value},
        )


def role_allows(role: TeamRole | None, action: Action) -> bool:
    return role is not None and _RANK[role] >= _RANK[_MIN_ROLE[action]]


def may_manage_member(actor: TeamRole, target: TeamRole) -> bool:
    """Leads manage plain members only; admins manage everyone."""
    return actor == TeamRole.admin or (actor == TeamRole.lead and target == TeamRole.member)


def membership_cache_key(team_id: uuid.UUID, user_id: uuid.UUID) -> str:
    return f"member:{team_id}:{user_id}"


async def team_role(
    session: AsyncSession, cache: Cache, team_id: uuid.UUID, user_id: uuid.UUID, ttl: int
) -> TeamRole | None:
    """The user's role in the team (cached), or None when not a member."""

    async def load() -> bytes:
        row = await TeamMemberRepository(session).get_membership(team_id, user_id)
        return json.dumps(row.role if row else None).encode()

    raw = await read_through(cache, membership_cache_key(team_id, user_id), ttl, load)
    value = json.loads(raw) if raw else None
    return TeamRole(value) if value else None


async def require_team_action(
    session: AsyncSession,
    cache: Cache,
    user: Principal,
    team_id: uuid.UUID,
    action: Action,
    *,
    ttl: int,
) -> TeamRole:
    """Raise unless `user` may perform `action` in the team; return the effective role.

    Instance superusers act as admins of every team.
    """
    role = await team_role(session, cache, team_id, user.id, ttl)
    if user.is_superuser:
        if not await TeamMemberRepository(session).team_exists(team_id):
            raise TeamNotFound
        return TeamRole.admin
    if role is None:
        raise TeamNotFound
    if not role_allows(role, action):
        raise InsufficientRole(action, _MIN_ROLE[action])
    return role


async def visible_user(
    session: AsyncSession,
    cache: Cache,
    user: Principal,
    team_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    action: Action,
    *,
    ttl: int,
) -> uuid.UUID | None:
    """Whose rows a team-scoped listing may show: None (everyone's in the team) or one user.

    Without a team only the caller's own rows. In a team, callers allowed `action` see every
    member's rows (or the `user_id` they ask for); other members their own; outsiders get 404.
    """
    if team_id is not None:
        role = await require_team_action(session, cache, user, team_id, Action.view_team, ttl=ttl)
        if role_allows(role, action):
            return user_id
    if user_id not in (None, user.id):
        raise InsufficientRole(action, _MIN_ROLE[action])
    return user.id


async def authorize(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID, action: Action
) -> TeamRole:
    """`require_team_action` with the process's cache and TTL: what services call."""
    return await require_team_action(
        session, res.cache, user, team_id, action, ttl=res.settings.cache_ttl_seconds
    )
