"""Analytics reads: who may see what, the minimum group size, and shaping the aggregates."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.analytics import schemas as s
from aura_api.analytics.errors import DeveloperNotFound, InvalidWindow
from aura_api.analytics.observations import day_start, path_depth, path_prefixes, week_start
from aura_api.analytics.repository import AnalyticsRepository
from aura_api.auth.principal import Principal
from aura_api.authz import Action, authorize
from aura_api.knowledge.catalog import builtin_rule_index, rule_category
from aura_api.knowledge.repository import KnowledgeRepository
from aura_api.resources import Resources


async def skill_tree(
    session: AsyncSession,
    res: Resources,
    viewer: Principal,
    user_id: uuid.UUID,
    team_id: uuid.UUID | None,
) -> s.SkillTreeRead:
    """Yourself (any team you belong to), or a member of a team where you are lead or admin."""
    repo = AnalyticsRepository(session)
    if user_id == viewer.id:
        if team_id is not None:
            await authorize(session, res, viewer, team_id, Action.view_team)
    else:
        if team_id is None:
            raise DeveloperNotFound
        await authorize(session, res, viewer, team_id, Action.view_team_analytics)
        if not await repo.is_member(team_id, user_id):
            raise DeveloperNotFound
    team_rules = []
    if team_id is not None:
        latest = await KnowledgeRepository(session).latest(team_id)
        team_rules = latest.rules if latest else []
    lessons = {r["id"]: r.get("lesson_id") for r in team_rules}
    threshold = res.settings.analytics_mastered_threshold
    groups: dict[str, list[s.RuleMasteryRead]] = defaultdict(list)
    for row in await repo.mastery_of_user(user_id):
        builtin = builtin_rule_index().get(row.rule_id)
        groups[rule_category(row.rule_id, team_rules)].append(
            s.RuleMasteryRead(
                rule_id=row.rule_id,
                lesson_id=builtin.lesson_id if builtin else lessons.get(row.rule_id),
                p_mastery=round(row.p_mastery, 6),
                mastered=row.p_mastery >= threshold,
                observations=row.observations,
                correct=row.correct,
                incorrect=row.incorrect,
                lessons_completed=row.lessons_completed,
                repeat_violations=row.repeat_violations,
                last_event_at=row.last_event_at,
            )
        )
    categories = [
        s.SkillCategory(
            category=name,
            mastery=round(sum(r.p_mastery for r in rules) / len(rules), 6),
            mastered=sum(r.mastered for r in rules),
            rules=sorted(rules, key=lambda r: r.rule_id),
        )
        for name, rules in sorted(groups.items())
    ]
    return s.SkillTreeRead(
        user_id=user_id, team_id=team_id, mastered_threshold=threshold, categories=categories
    )


def withheld_reason(members: int, minimum: int) -> str:
    """The words shown when team numbers are withheld (analytics ADR 0006, docs/adr/0019)."""
    people = "member" if members == 1 else "members"
    return (
        f"Team numbers appear once the team has at least {minimum} members; it has {members} "
        f"{people}. Below that, a team total would show one person's record. Your own numbers "
        "are always shown to you (see `you`)."
    )


async def own_mastery(
    repo: AnalyticsRepository, user_id: uuid.UUID, threshold: float
) -> list[s.OwnRuleMastery]:
    """The caller's own mastery per rule: never withheld from the person it describes."""
    return [
        s.OwnRuleMastery(
            rule_id=row.rule_id,
            p_mastery=round(row.p_mastery, 6),
            mastered=row.p_mastery >= threshold,
            observations=row.observations,
        )
        for row in sorted(await repo.mastery_of_user(user_id), key=lambda r: r.rule_id)
    ]


async def team_overview(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    window_days: int,
    repo_name: str | None = None,
) -> s.TeamOverviewRead:
    await authorize(session, res, user, team_id, Action.view_team_analytics)
    repo = AnalyticsRepository(session)
    minimum = res.settings.analytics_min_group_size
    out = s.TeamOverviewRead(
        team_id=team_id,
        repo=repo_name,
        withheld=False,
        min_group_size=minimum,
        window_days=window_days,
        you=await own_mastery(repo, user.id, res.settings.analytics_mastered_threshold),
    )
    members = await repo.member_count(team_id)
    if members < minimum:
        out.withheld = True
        out.reason = withheld_reason(members, minimum)
        return out
    since = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(
        days=window_days - 1
    )
    out.active_developers = await repo.active_developers(team_id, since, repo_name)
    out.event_counts = {t: int(n) for t, n in await repo.event_counts(team_id, since, repo_name)}
    for rule_id, avg, developers, observations in await repo.team_mastery_by_rule(team_id):
        if developers < minimum:
            out.rules_withheld += 1
            out.rules_withheld_reason = (
                f"Rules practised by fewer than {minimum} developers are left out, so no one "
                "developer's mastery can be read from the average."
            )
            continue
        out.rules.append(
            s.RuleRollup(
                rule_id=rule_id,
                average_mastery=round(float(avg), 6),
                developers=int(developers),
                observations=int(observations or 0),
            )
        )
    return out


async def hotspots(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    bucket: s.Bucket,
    since: datetime | None,
    until: datetime | None,
    prefix: str | None,
    limit: int,
    repo_name: str | None = None,
) -> s.HotspotList:
    await authorize(session, res, user, team_id, Action.view_team_analytics)
    until = until or datetime.now(UTC) + timedelta(days=1)
    since = since or until - timedelta(days=30 if bucket is s.Bucket.day else 7 * 12)
    if since.tzinfo is None or until.tzinfo is None:
        raise InvalidWindow("since and until need a time zone (e.g. 2026-01-01T00:00:00Z)")
    if since >= until:
        raise InvalidWindow("since must be before until")
    # A bucket overlapping `since` counts: align it down to the bucket's start.
    since = week_start(since) if bucket is s.Bucket.week else day_start(since)
    # One level of the tree: the top-level entries, or the children of `prefix`.
    prefix = path_prefixes(prefix)[0] if prefix and path_prefixes(prefix) else None
    if prefix is not None and not prefix.endswith("/"):
        prefix += "/"
    depth = path_depth(prefix) + 1 if prefix else 1
    rows = await AnalyticsRepository(session).hotspots(
        team_id, bucket.value, since, until, prefix, depth, limit, repo_name
    )
    by_path: dict[str, dict[datetime, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for path, start, kind, count in rows:
        by_path[path][start][kind] = int(count)
    items = []
    for path, buckets in by_path.items():
        by_kind: dict[str, int] = defaultdict(int)
        for counts in buckets.values():
            for kind, n in counts.items():
                by_kind[kind] += n
        items.append(
            s.Hotspot(
                path=path,
                is_directory=path.endswith("/"),
                total=sum(by_kind.values()),
                by_kind=dict(by_kind),
                buckets=[s.HotspotBucket(start=k, counts=v) for k, v in sorted(buckets.items())],
            )
        )
    items.sort(key=lambda h: (-h.total, h.path))
    return s.HotspotList(
        team_id=team_id, repo=repo_name, bucket=bucket, since=since, until=until, items=items
    )
