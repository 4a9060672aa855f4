"""Read-only views over built-ins plus a team's current version: the rule list and the
one-call sync document with its strong ETag."""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.principal import Principal
from aura_api.authz import Action, authorize
from aura_api.knowledge import catalog
from aura_api.knowledge import schemas as s
from aura_api.knowledge.repository import KnowledgeRepository
from aura_api.resources import Resources


@lru_cache(maxsize=64)
def _effective_cached(rules_yaml: str) -> tuple[s.RuleRead, ...]:
    # Stored versions were validated on import; parse again so built-in changes show up.
    config = catalog.parse_rules_yaml(rules_yaml)
    return tuple(
        s.RuleRead.model_validate(catalog.rule_dict(r)) for r in catalog.effective_rules(config)
    )


def _effective(rules_yaml: str) -> list[s.RuleRead]:
    return list(_effective_cached(rules_yaml))


def _parsed(
    rules_yaml: str, team_lessons: dict[str, str]
) -> tuple[dict[str, s.LessonIndexEntry], list[s.RuleRead]]:
    index = {
        lesson.id: s.LessonIndexEntry.model_validate(catalog.lesson_meta(lesson, builtin=True))
        for lesson in catalog.builtin_lessons()
    }
    for lesson_id, text in team_lessons.items():
        lesson = catalog.parse_lesson(lesson_id, text)
        index[lesson.id] = s.LessonIndexEntry.model_validate(
            catalog.lesson_meta(lesson, builtin=False)
        )
    return index, _effective(rules_yaml)


async def list_rules(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID | None
) -> s.RuleList:
    """Built-in rules (read-only), and with a team the team's rules and overrides applied."""
    rules_yaml = ""
    if team_id is not None:
        await authorize(session, res, user, team_id, Action.view_team)
        latest = await KnowledgeRepository(session).latest(team_id)
        rules_yaml = latest.rules_yaml if latest else ""
    items = await res.cpu.run(_effective, rules_yaml)  # parsing is CPU work: off the loop
    return s.RuleList(items=items, total=len(items))


async def knowledge_map(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID
) -> tuple[s.KnowledgeMapRead, str]:
    """The sync document and its strong ETag (a hash of the exact JSON body)."""
    await authorize(session, res, user, team_id, Action.view_team)
    latest = await KnowledgeRepository(session).latest(team_id)
    rules_yaml = latest.rules_yaml if latest else ""
    team_lessons = latest.lessons if latest else {}
    index, rules = await res.cpu.run(_parsed, rules_yaml, team_lessons)  # CPU work: off the loop
    doc = s.KnowledgeMapRead(
        team_id=team_id,
        version=latest.version if latest else 0,
        rules_yaml=rules_yaml,
        rules=rules,
        builtin_rule_ids=sorted(catalog.builtin_rule_index()),
        lessons=[index[k] for k in sorted(index)],
        team_lessons=team_lessons,
    )
    etag = '"' + hashlib.sha256(doc.model_dump_json().encode()).hexdigest()[:40] + '"'
    return doc, etag


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: `*` or any listed tag (weak comparison for GET)."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags
