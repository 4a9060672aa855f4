"""Reads of the analytics: every query runs on the aggregate tables, never on events."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from aura_api.models import (
    HotspotAggregate,
    LessonExposureAggregate,
    RuleFeedbackAggregate,
    RuleMastery,
    SuppressionAggregate,
    TeamDayAggregate,
    TeamDeveloperAggregate,
    TeamMember,
)


class AnalyticsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _rows(self, stmt: Any) -> Sequence[Any]:
        return (await self.session.execute(stmt)).all()

    async def mastery_of_user(self, user_id: uuid.UUID) -> Sequence[RuleMastery]:
        stmt = select(RuleMastery).where(col(RuleMastery.user_id) == user_id)
        return (await self.session.execute(stmt)).scalars().all()

    async def member_count(self, team_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(col(TeamMember.team_id) == team_id)
        return int((await self.session.execute(stmt)).scalar_one())

    async def is_member(self, team_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        return await self.session.get(TeamMember, (team_id, user_id)) is not None

    async def team_mastery_by_rule(self, team_id: uuid.UUID) -> Sequence[Any]:
        """Per rule: average P(L), developers with evidence, observations (team members only)."""
        stmt = (
            select(
                col(RuleMastery.rule_id),
                func.avg(RuleMastery.p_mastery),
                func.count(),
                func.sum(RuleMastery.observations),
            )
            .join(TeamMember, col(TeamMember.user_id) == RuleMastery.user_id)
            .where(col(TeamMember.team_id) == team_id)
            .group_by(col(RuleMastery.rule_id))
            .order_by(col(RuleMastery.rule_id))
        )
        return await self._rows(stmt)

    async def event_counts(
        self, team_id: uuid.UUID, since: datetime, repo: str | None = None
    ) -> Sequence[Any]:
        """Events per type since `since` (rows per day, type and repository of the roll-up)."""
        stmt = (
            select(col(TeamDayAggregate.type), func.sum(TeamDayAggregate.count))
            .where(col(TeamDayAggregate.team_id) == team_id, col(TeamDayAggregate.day) >= since)
            .group_by(col(TeamDayAggregate.type))
        )
        if repo is not None:
            stmt = stmt.where(col(TeamDayAggregate.repo) == repo)
        return await self._rows(stmt)

    async def active_developers(
        self, team_id: uuid.UUID, since: datetime, repo: str | None = None
    ) -> int:
        """Developers whose latest activity in the team (in `repo`) is on or after `since`."""
        stmt = select(func.count(func.distinct(TeamDeveloperAggregate.user_id))).where(
            col(TeamDeveloperAggregate.team_id) == team_id,
            col(TeamDeveloperAggregate.last_active_day) >= since,
        )
        if repo is not None:
            stmt = stmt.where(col(TeamDeveloperAggregate.repo) == repo)
        return int((await self.session.execute(stmt)).scalar_one())

    async def hotspots(
        self,
        team_id: uuid.UUID,
        bucket: str,
        since: datetime,
        until: datetime,
        prefix: str | None,
        depth: int,
        limit: int,
        repo: str | None = None,
    ) -> Sequence[Any]:
        """(path_prefix, bucket_start, kind, count) of the `limit` busiest entries at `depth`,
        over every repository or in `repo`."""
        where = [
            col(HotspotAggregate.team_id) == team_id,
            col(HotspotAggregate.bucket) == bucket,
            col(HotspotAggregate.depth) == depth,
            col(HotspotAggregate.bucket_start) >= since,
            col(HotspotAggregate.bucket_start) < until,
        ]
        if repo is not None:
            where.append(col(HotspotAggregate.repo) == repo)
        if prefix:
            where.append(col(HotspotAggregate.path_prefix).startswith(prefix, autoescape=True))
        top = (
            select(col(HotspotAggregate.path_prefix))
            .where(*where)
            .group_by(col(HotspotAggregate.path_prefix))
            .order_by(func.sum(HotspotAggregate.count).desc(), col(HotspotAggregate.path_prefix))
            .limit(limit)
            .subquery()
        )
        keys = (
            col(HotspotAggregate.path_prefix),
            col(HotspotAggregate.bucket_start),
            col(HotspotAggregate.kind),
        )
        stmt = (
            select(*keys, func.sum(HotspotAggregate.count))
            .where(*where, col(HotspotAggregate.path_prefix).in_(select(top.c.path_prefix)))
            .group_by(*keys)
            .order_by(col(HotspotAggregate.path_prefix), col(HotspotAggregate.bucket_start))
        )
        return await self._rows(stmt)

    async def rule_feedback(self, team_id: uuid.UUID, repo: str | None = None) -> Sequence[Any]:
        """(rule_id, findings, blocked, not_useful, helpful) per rule, summed over repositories."""
        f = RuleFeedbackAggregate
        stmt = (
            select_columns(
                col(f.rule_id),
                func.sum(f.findings),
                func.sum(f.blocked),
                func.sum(f.not_useful),
                func.sum(f.helpful),
            )
            .where(col(f.team_id) == team_id)
            .group_by(col(f.rule_id))
            .order_by(col(f.rule_id))
        )
        if repo is not None:
            stmt = stmt.where(col(f.repo) == repo)
        return await self._rows(stmt)

    async def suppressions(
        self, team_id: uuid.UUID, repo: str | None = None
    ) -> Sequence[SuppressionAggregate]:
        stmt = (
            select(SuppressionAggregate)
            .where(col(SuppressionAggregate.team_id) == team_id)
            .order_by(col(SuppressionAggregate.rule_id), col(SuppressionAggregate.path))
        )
        if repo is not None:
            stmt = stmt.where(col(SuppressionAggregate.repo) == repo)
        return (await self.session.execute(stmt)).scalars().all()

    async def exposures(self, team_id: uuid.UUID) -> Sequence[LessonExposureAggregate]:
        stmt = (
            select(LessonExposureAggregate)
            .where(col(LessonExposureAggregate.team_id) == team_id)
            .order_by(col(LessonExposureAggregate.lesson_id))
        )
        return (await self.session.execute(stmt)).scalars().all()
