from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from aura_api.deps import CurrentUser, Pagination
from aura_api.errors import Unauthorized, ValidationFailed, responses_for
from aura_api.lessons import service
from aura_api.lessons.errors import LessonNotFound
from aura_api.lessons.schemas import LessonList, LessonRead

router = APIRouter(prefix="/api/v1/lessons", tags=["lessons"])


@router.get("", responses=responses_for(Unauthorized, ValidationFailed))
async def list_lessons(
    _: CurrentUser,
    page: Pagination,
    language: Annotated[str | None, Query(max_length=32)] = None,
    tag: Annotated[str | None, Query(max_length=64)] = None,
    rule: Annotated[str | None, Query(max_length=200, description="A rule id")] = None,
) -> LessonList:
    """The built-in lessons, filtered by language, tag or rule."""
    items, total = service.list_builtin_lessons(
        language=language, tag=tag, rule=rule, limit=page.limit, offset=page.offset
    )
    return LessonList(items=items, total=total)


@router.get("/{lesson_id}", responses=responses_for(Unauthorized, LessonNotFound))
async def read_lesson(
    lesson_id: Annotated[str, Path(max_length=100)], _: CurrentUser
) -> LessonRead:
    """One built-in lesson with its Markdown."""
    return service.read_builtin_lesson(lesson_id)
