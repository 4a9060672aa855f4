"""Analytics: skill trees, team roll-ups, hotspots, rule precision, suppressions, efficacy."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from aura_api.analytics import service, service_rules
from aura_api.analytics.errors import DeveloperNotFound, InvalidWindow
from aura_api.analytics.schemas import (
    Bucket,
    HotspotList,
    LessonEfficacyList,
    RulePrecisionList,
    SkillTreeRead,
    SuppressionDebt,
    TeamOverviewRead,
)
from aura_api.authz import InsufficientRole, TeamNotFound
from aura_api.deps import CurrentUser, Instant, ResourcesDep, SessionDep
from aura_api.errors import Unauthorized, ValidationFailed, responses_for

router = APIRouter(tags=["analytics"])
RepoFilter = Annotated[
    str | None,
    Query(
        max_length=300,
        description="Only this repository (as clients report it, e.g. `owner/name`)",
    ),
]
_SCOPED = (Unauthorized, TeamNotFound, InsufficientRole)
_TEAM = "/api/v1/teams/{team_id}/analytics"


@router.get(
    "/api/v1/analytics/users/{user_id}/skill-tree",
    responses=responses_for(*_SCOPED, DeveloperNotFound),
)
async def read_skill_tree(
    user_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    team_id: Annotated[uuid.UUID | None, Query(description="Needed to view someone else")] = None,
) -> SkillTreeRead:
    """Mastery per rule grouped by category: your own, or a member's (team leads and admins)."""
    return await service.skill_tree(session, res, user, user_id, team_id)


@router.get(f"{_TEAM}/overview", responses=responses_for(*_SCOPED))
async def read_team_overview(
    team_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    window_days: Annotated[int, Query(ge=1, le=365)] = 30,
    repo: RepoFilter = None,
) -> TeamOverviewRead:
    """Per-rule average mastery, event counts and active developers (withheld for small teams,
    your own mastery always shown). `repo` narrows the event counts and active developers;
    mastery belongs to people, not repositories, and is not split."""
    return await service.team_overview(session, res, user, team_id, window_days, repo)


@router.get(f"{_TEAM}/hotspots", responses=responses_for(*_SCOPED, InvalidWindow))
async def read_team_hotspots(
    team_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    bucket: Bucket = Bucket.day,
    since: Annotated[Instant | None, Query(description="With a time zone")] = None,
    until: Annotated[Instant | None, Query(description="With a time zone")] = None,
    prefix: Annotated[
        str | None, Query(max_length=1024, description="Show the children of this directory")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    repo: RepoFilter = None,
) -> HotspotList:
    """Paths and their directories by interventions (findings, blocks, struggle, suppressions)."""
    return await service.hotspots(
        session, res, user, team_id, bucket, since, until, prefix, limit, repo
    )


@router.get(f"{_TEAM}/rule-precision", responses=responses_for(*_SCOPED))
async def read_rule_precision(
    team_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    repo: RepoFilter = None,
) -> RulePrecisionList:
    """Per rule: findings against `feedback.not_useful`, precision = 1 - not_useful/findings,
    and the commits it blocked."""
    return await service_rules.rule_precision(session, res, user, team_id, repo)


@router.get(f"{_TEAM}/suppressions", responses=responses_for(*_SCOPED))
async def read_suppression_debt(
    team_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    res: ResourcesDep,
    repo: RepoFilter = None,
) -> SuppressionDebt:
    """Suppressions added per rule and path, with active and expired counts."""
    return await service_rules.suppression_debt(session, res, user, team_id, repo)


@router.get(f"{_TEAM}/lesson-efficacy", responses=responses_for(*_SCOPED, ValidationFailed))
async def read_lesson_efficacy(
    team_id: uuid.UUID, user: CurrentUser, session: SessionDep, res: ResourcesDep
) -> LessonEfficacyList:
    """Per lesson: repeat violations of its rules before vs after developers saw it (withheld
    for small teams; your own numbers always shown). People learn across repositories, so
    this is not split by repository."""
    return await service_rules.lesson_efficacy(session, res, user, team_id)
