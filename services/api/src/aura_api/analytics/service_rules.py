"""Team analytics about rules and lessons: precision, suppression debt, lesson efficacy."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.analytics import schemas as s
from aura_api.analytics.repository import AnalyticsRepository
from aura_api.auth.principal import Principal
from aura_api.authz import Action, authorize
from aura_api.resources import Resources


async def rule_precision(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID
) -> s.RulePrecisionList:
    """precision = 1 - not_useful / findings (findings = audit.finding + audit.blocked)."""
    await authorize(session, res, user, team_id, Action.view_team_analytics)
    items = []
    for row in await AnalyticsRepository(session).rule_feedback(team_id):
        reported = row.findings + row.blocked
        precision = max(0.0, 1 - row.not_useful / reported) if reported else None
        items.append(
            s.RulePrecision(
                rule_id=row.rule_id,
                findings=row.findings,
                blocked=row.blocked,
                not_useful=row.not_useful,
                helpful=row.helpful,
                precision=round(precision, 6) if precision is not None else None,
            )
        )
    return s.RulePrecisionList(team_id=team_id, items=items)


async def suppression_debt(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID
) -> s.SuppressionDebt:
    await authorize(session, res, user, team_id, Action.view_team_analytics)
    now = datetime.now(UTC)
    paths: dict[str, dict[tuple[str, datetime | None], int]] = defaultdict(dict)
    for row in await AnalyticsRepository(session).suppressions(team_id):
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
    members = await repo.member_count(team_id)
    if members < minimum:
        out.withheld = True
        out.reason = f"the team has {members} members; team numbers need at least {minimum}"
        return out
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in await repo.exposures(team_id):
        groups[row.lesson_id].append((row.violations_before, row.violations_after))
    for lesson_id, rows in sorted(groups.items()):
        n = len(rows)
        if n < minimum:
            continue
        before = sum(b for b, _ in rows)
        after = sum(a for _, a in rows)
        out.items.append(
            s.LessonEfficacy(
                lesson_id=lesson_id,
                developers=n,
                violations_before=before,
                violations_after=after,
                repeat_rate_before=round(sum(b > 0 for b, _ in rows) / n, 6),
                repeat_rate_after=round(sum(a > 0 for _, a in rows) / n, 6),
                mean_violations_before=round(before / n, 6),
                mean_violations_after=round(after / n, 6),
            )
        )
    return out
