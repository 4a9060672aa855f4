from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel import col, func, select

from aura_api.kit.repository import Repository
from aura_api.models import Team, TeamMember, TeamRole, User


class TeamRepository(Repository[Team]):
    model = Team

    async def get_by_slug(self, slug: str) -> Team | None:
        return await self.first(select(Team).where(col(Team.slug) == slug))

    async def list_for_user(
        self, user_id: uuid.UUID, *, limit: int, offset: int
    ) -> tuple[Sequence[tuple[Team, str]], int]:
        """The user's teams with their role in each, by name."""
        stmt = (
            select(Team, col(TeamMember.role))
            .join(TeamMember, col(TeamMember.team_id) == Team.id)
            .where(col(TeamMember.user_id) == user_id)
        )
        total = await self.count(stmt)
        rows = await self.session.execute(stmt.order_by(col(Team.name)).limit(limit).offset(offset))
        return [(team, role) for team, role in rows.all()], total


class TeamMemberRepository(Repository[TeamMember]):
    model = TeamMember

    async def team_exists(self, team_id: uuid.UUID) -> bool:
        return await self.session.get(Team, team_id) is not None

    async def get_membership(self, team_id: uuid.UUID, user_id: uuid.UUID) -> TeamMember | None:
        return await self.session.get(TeamMember, (team_id, user_id))

    async def list_members(
        self, team_id: uuid.UUID, *, limit: int, offset: int
    ) -> tuple[Sequence[tuple[TeamMember, User]], int]:
        stmt = (
            select(TeamMember, User)
            .join(User, col(User.id) == TeamMember.user_id)
            .where(col(TeamMember.team_id) == team_id)
        )
        total = await self.count(stmt)
        rows = await self.session.execute(
            stmt.order_by(col(User.email)).limit(limit).offset(offset)
        )
        return [(m, u) for m, u in rows.all()], total

    async def count_admins(self, team_id: uuid.UUID) -> int:
        stmt = (
            select(func.count())
            .select_from(TeamMember)
            .where(col(TeamMember.team_id) == team_id, col(TeamMember.role) == TeamRole.admin)
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def member_user_ids(self, team_id: uuid.UUID) -> list[uuid.UUID]:
        stmt = select(col(TeamMember.user_id)).where(col(TeamMember.team_id) == team_id)
        return list((await self.session.execute(stmt)).scalars().all())
