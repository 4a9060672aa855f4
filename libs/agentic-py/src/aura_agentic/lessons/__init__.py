"""The lesson corpus: short Markdown lessons with front matter, one per pattern.

`corpus/*.md` ships inside the package; teams can pass extra folders of their own lessons.
"""

from aura_agentic.lessons.loader import (
    Lesson,
    LessonError,
    get_lesson,
    lesson_for_rule,
    list_lessons,
    load_lesson_file,
)

__all__ = [
    "Lesson",
    "LessonError",
    "get_lesson",
    "lesson_for_rule",
    "list_lessons",
    "load_lesson_file",
]
