"""Team analytics about rules and lessons: precision, suppression debt, lesson efficacy."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.analytics import schemas as s
from aura_api.analytics.repository import AnalyticsRepository
from aura_api.analytics.service import withheld_reason
from aura_api.auth.principal import Principal
from aura_api.authz import Action, authorize
from aura_api.resources import Resources


async def rule_precision(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    repo_name: str | None = None,
) -> s.RulePrecisionList:
    """precision = 1 - not_useful / findings; `blocked` counts commits each rule blocked (a
    blocked commit's findings are already among the findings, so it is not added to them)."""
    await authorize(session, res, user, team_id, Action.view_team_analytics)
    items = []
    rows = await AnalyticsRepository(session).rule_feedback(team_id, repo_name)
    for rule_id, findings, blocked, not_useful, helpful in rows:
        reported = int(findings) or int(blocked)
        precision = max(0.0, 1 - int(not_useful) / reported) if reported else None
        items.append(
            s.RulePrecision(
                rule_id=rule_id,
                findings=int(findings),
                blocked=int(blocked),
                not_useful=int(not_useful),
                helpful=int(helpful),
                precision=round(precision, 6) if precision is not None else None,
            )
        )
    return s.RulePrecisionList(team_id=team_id, repo=repo_name, items=items)


async def suppression_debt(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    repo_name: str | None = None,
) -> s.SuppressionDebt:
    await authorize(session, res, user, team_id, Action.view_team_analytics)
    now = datetime.now(UTC)
    paths: dict[str, dict[tuple[str, datetime | None], int]] = defaultdict(dict)
    for row in await AnalyticsRepository(session).suppressions(team_id, repo_name):
        key = (row.path, row.until)
        paths[row.rule_id][key] = paths[row.rule_id].get(key, 0) + row.count
    items = []
    for rule_id, entries in sorted(paths.items()):
        listed = [
            s.SuppressedPath(path=p, count=n, until=u, expired=u is not None and u <= now)
            for (p, u), n in entries.items()
        ]
        listed.sort(key=lambda x: (not x.expired, x.path))
        items.append(
            s.RuleSuppressions(
                rule_id=rule_id,
                total=sum(x.count for x in listed),
                expired=sum(x.count for x in listed if x.expired),
                active=sum(x.count for x in listed if not x.expired),
                without_expiry=sum(x.count for x in listed if x.until is None),
                paths=listed,
            )
        )
    items.sort(key=lambda r: (-r.total, r.rule_id))
    return s.SuppressionDebt(
        team_id=team_id,
        repo=repo_name,
        total=sum(r.total for r in items),
        active=sum(r.active for r in items),
        expired=sum(r.expired for r in items),
        items=items,
    )


async def lesson_efficacy(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID
) -> s.LessonEfficacyList:
    """Per lesson: how many developers violated its rules in the window before their first
    exposure vs after it. Lessons seen by fewer developers than the minimum group size are
    left out, so no one developer's record is shown."""
    await authorize(session, res, user, team_id, Action.view_team_analytics)
    settings = res.settings
    minimum = settings.analytics_min_group_size
    out = s.LessonEfficacyList(
        team_id=team_id,
        window_days=settings.analytics_efficacy_window_days,
        withheld=False,
        min_group_size=minimum,
        items=[],
    )
    repo = AnalyticsRepository(session)
    rows = await repo.exposures(team_id)
    out.you = [
        s.OwnLessonEfficacy(
            lesson_id=row.lesson_id,
            violations_before=row.violations_before,
            violations_after=row.violations_after,
        )
        for row in rows
        if row.user_id == user.id
    ]
    members = await repo.member_count(team_id)
    if members < minimum:
        out.withheld = True
        out.reason = withheld_reason(members, minimum)
        return out
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        groups[row.lesson_id].append((row.violations_before, row.violations_after))
    for lesson_id, pairs in sorted(groups.items()):
        n = len(pairs)
        if n < minimum:
            continue
        before = sum(b for b, _ in pairs)
        after = sum(a for _, a in pairs)
        out.items.append(
            s.LessonEfficacy(
                lesson_id=lesson_id,
                developers=n,
                violations_before=before,
                violations_after=after,
                repeat_rate_before=round(sum(b > 0 for b, _ in pairs) / n, 6),
                repeat_rate_after=round(sum(a > 0 for _, a in pairs) / n, 6),
                mean_violations_before=round(before / n, 6),
                mean_violations_after=round(after / n, 6),
            )
        )
    return out
