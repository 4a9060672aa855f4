"""Team knowledge maps: validated imports, immutable versions, rollback and the sync view."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence

from aura_agentic.redaction import redact, scrub
from sqlalchemy.ext.asyncio import AsyncSession

from aura_api.auth.principal import Principal
from aura_api.authz import Action, authorize
from aura_api.knowledge import catalog
from aura_api.knowledge import schemas as s
from aura_api.knowledge.errors import (
    ConcurrentKnowledgeChange,
    InvalidLesson,
    InvalidRulesFile,
    KnowledgeVersionNotFound,
)
from aura_api.knowledge.repository import KnowledgeRepository
from aura_api.models import KnowledgeVersion
from aura_api.resources import Resources


def _hash(rules_yaml: str, lessons: dict[str, str]) -> str:
    body = json.dumps({"rules_yaml": rules_yaml, "lessons": lessons}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


_CREDENTIAL = (
    "holds what looks like a credential or a generated token; the server stores no secrets "
    "(use a placeholder such as <your-token> or an environment reference)"
)


def _first_changed_line(text: str, cleaned: str) -> int | None:
    pairs = zip(text.split("\n"), cleaned.split("\n"), strict=False)
    return next((no for no, (a, b) in enumerate(pairs, 1) if a != b), None)


def validate(data: s.KnowledgeImport) -> tuple[list[dict[str, object]], dict[str, str]]:
    """Parse the files with the engine's loaders: (team rule dicts, lessons by id).

    Files holding a credential are refused, not stored: a rules file may hold no generated
    token at all, a lesson no detected secret (its examples must use obvious fakes)."""
    try:
        config = catalog.parse_rules_yaml(data.rules_yaml)
    except catalog.ConfigError as exc:
        raise InvalidRulesFile(str(exc.path), exc.line, exc.problem) from exc
    cleaned = scrub(data.rules_yaml)
    if cleaned != data.rules_yaml:
        line = _first_changed_line(data.rules_yaml, cleaned)
        raise InvalidRulesFile(catalog.RULES_FILE, line, f"line {line} {_CREDENTIAL}")
    lessons: dict[str, str] = {}
    for name, text in sorted(data.lessons.items()):
        if len(text) > s.MAX_LESSON:
            raise InvalidLesson(name, f"{name}: larger than {s.MAX_LESSON} bytes")
        try:
            lesson = catalog.parse_lesson(name, text)
        except catalog.LessonError as exc:
            raise InvalidLesson(name, str(exc)) from exc
        redacted = redact(text)
        if redacted != text or scrub(f"{name} {lesson.id}") != f"{name} {lesson.id}":
            line = _first_changed_line(text, redacted)
            where = f"line {line}" if line else "its name or id"
            raise InvalidLesson(name, f"{name}: {where} {_CREDENTIAL}")
        if lesson.id in lessons:
            raise InvalidLesson(name, f"{name}: duplicate lesson id {lesson.id!r}")
        lessons[lesson.id] = text
    return catalog.team_rule_dicts(config), lessons


def _read(team_id: uuid.UUID, row: KnowledgeVersion | None) -> s.KnowledgeVersionRead:
    if row is None:
        return s.KnowledgeVersionRead(
            team_id=team_id, version=0, rules_yaml="", rules=[], lessons={}, message=None,
            author_id=None, created_at=None, restored_from=None, content_hash=_hash("", {}),
        )  # fmt: skip
    return s.KnowledgeVersionRead(
        team_id=team_id,
        version=row.version,
        rules_yaml=row.rules_yaml,
        rules=[s.RuleRead.model_validate(r) for r in row.rules],
        lessons=row.lessons,
        message=row.message,
        author_id=row.author_id,
        created_at=row.created_at,
        restored_from=row.restored_from,
        content_hash=row.content_hash,
    )


async def _append(
    repo: KnowledgeRepository,
    team_id: uuid.UUID,
    user: Principal,
    *,
    rules_yaml: str,
    rules: list[dict[str, object]],
    lessons: dict[str, str],
    message: str | None,
    base_version: int | None = None,
    restored_from: int | None = None,
) -> KnowledgeVersion:
    latest = await repo.latest(team_id)
    current = latest.version if latest else 0
    if base_version is not None and base_version != current:
        raise ConcurrentKnowledgeChange(current)
    row = KnowledgeVersion(
        team_id=team_id,
        version=current + 1,
        rules_yaml=rules_yaml,
        rules=rules,
        lessons=lessons,
        content_hash=_hash(rules_yaml, lessons),
        message=message,
        restored_from=restored_from,
        author_id=user.id,
    )
    return await repo.append(row)


async def import_knowledge(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    data: s.KnowledgeImport,
) -> s.KnowledgeVersionRead:
    """Validate the files and store them as the team's next version."""
    await authorize(session, res, user, team_id, Action.manage_knowledge)
    # YAML, regex and Markdown parsing are CPU work on untrusted text: off the event loop.
    rules, lessons = await res.cpu.run(validate, data)
    row = await _append(
        KnowledgeRepository(session), team_id, user, rules_yaml=data.rules_yaml, rules=rules,
        lessons=lessons, message=data.message, base_version=data.base_version,
    )  # fmt: skip
    return _read(team_id, row)


async def rollback_knowledge(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    version: int,
    message: str | None,
) -> s.KnowledgeVersionRead:
    """A new version whose content equals `version` (history is never rewritten)."""
    await authorize(session, res, user, team_id, Action.manage_knowledge)
    repo = KnowledgeRepository(session)
    old = await repo.by_version(team_id, version)
    if old is None:
        raise KnowledgeVersionNotFound(version)
    row = await _append(
        repo, team_id, user, rules_yaml=old.rules_yaml, rules=old.rules, lessons=old.lessons,
        message=message or f"Roll back to version {version}", restored_from=version,
    )  # fmt: skip
    return _read(team_id, row)


async def read_current(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID
) -> s.KnowledgeVersionRead:
    await authorize(session, res, user, team_id, Action.view_team)
    return _read(team_id, await KnowledgeRepository(session).latest(team_id))


async def read_version(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID, version: int
) -> s.KnowledgeVersionRead:
    await authorize(session, res, user, team_id, Action.view_team)
    row = await KnowledgeRepository(session).by_version(team_id, version)
    if row is None:
        raise KnowledgeVersionNotFound(version)
    return _read(team_id, row)


async def list_versions(
    session: AsyncSession,
    res: Resources,
    user: Principal,
    team_id: uuid.UUID,
    *,
    limit: int,
    offset: int,
) -> tuple[Sequence[KnowledgeVersion], int]:
    await authorize(session, res, user, team_id, Action.view_team)
    return await KnowledgeRepository(session).history(team_id, limit=limit, offset=offset)


async def export_knowledge(
    session: AsyncSession, res: Resources, user: Principal, team_id: uuid.UUID
) -> s.KnowledgeExport:
    current = await read_current(session, res, user, team_id)
    return s.KnowledgeExport(
        version=current.version, rules_yaml=current.rules_yaml, lessons=current.lessons
    )
