"""Serve the built-in lessons with simple filters; the corpus is loaded once per process."""

from __future__ import annotations

from aura_agentic.lessons import Lesson, get_lesson, list_lessons
from aura_agentic.retrieval import normalise_language

from aura_api.lessons.errors import LessonNotFound
from aura_api.lessons.schemas import LessonRead, LessonSummary


def _summary(lesson: Lesson) -> dict[str, object]:
    return {
        "id": lesson.id,
        "title": lesson.title,
        "rules": list(lesson.rules),
        "languages": list(lesson.languages),
        "level": lesson.level,
        "tags": list(lesson.tags),
        "errors": list(lesson.errors),
    }


def list_builtin_lessons(
    *, language: str | None, tag: str | None, rule: str | None, limit: int, offset: int
) -> tuple[list[LessonSummary], int]:
    """Lessons by id; `language` also matches lessons for any language."""
    lang = normalise_language(language)
    found = [
        lesson
        for lesson in list_lessons()
        if (lang is None or lang in lesson.languages or "any" in lesson.languages)
        and (tag is None or tag.lower() in lesson.tags)
        and (rule is None or rule in lesson.rules)
    ]
    page = found[offset : offset + limit]
    return [LessonSummary.model_validate(_summary(lesson)) for lesson in page], len(found)


def read_builtin_lesson(lesson_id: str) -> LessonRead:
    """One lesson with its Markdown body."""
    lesson = get_lesson(lesson_id)
    if lesson is None:
        raise LessonNotFound(lesson_id)
    return LessonRead.model_validate({**_summary(lesson), "markdown": lesson.body})
