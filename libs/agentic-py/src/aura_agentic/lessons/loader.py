"""Load lessons: `---` YAML front matter (id, title, rules, languages, level, tags, and the
optional `errors`: regular expressions of the error messages a lesson addresses) + body."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CORPUS_DIR = Path(__file__).parent / "corpus"
_REQUIRED = ("id", "title", "rules", "languages", "level", "tags")


class LessonError(ValueError):
    """A lesson file whose front matter is missing or invalid."""


@dataclass(frozen=True, slots=True)
class Lesson:
    """One lesson: metadata from the front matter and the Markdown body."""

    id: str
    title: str
    rules: tuple[str, ...]
    languages: tuple[str, ...]
    level: str
    tags: tuple[str, ...]
    body: str
    errors: tuple[str, ...] = ()


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    raise LessonError(f"expected a list, got {value!r}")


def load_lesson_file(path: Path) -> Lesson:
    """Parse one lesson file; raises `LessonError` naming the file when it is malformed."""
    import yaml  # only lesson commands pay for YAML, never the audit hook

    from aura_agentic.engine import safe_regex, safe_yaml

    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise LessonError(f"{path}: missing front matter")
    try:
        _, front, body = text.split("---", 2)
        meta = safe_yaml.safe_load(front)
    except (ValueError, yaml.YAMLError) as exc:
        raise LessonError(f"{path}: invalid front matter ({exc})") from exc
    if not isinstance(meta, dict):
        raise LessonError(f"{path}: front matter must be a mapping")
    missing = [k for k in _REQUIRED if k not in meta]
    if missing:
        raise LessonError(f"{path}: front matter lacks {', '.join(missing)}")
    errors = _as_tuple(meta.get("errors"))
    for pattern in errors:
        try:
            safe_regex.check_pattern(pattern)
        except safe_regex.UnsafePattern as exc:
            raise LessonError(f"{path}: invalid error pattern {pattern!r} ({exc})") from exc
    return Lesson(
        id=str(meta["id"]),
        title=str(meta["title"]),
        rules=_as_tuple(meta["rules"]),
        languages=_as_tuple(meta["languages"]),
        level=str(meta["level"]),
        tags=_as_tuple(meta["tags"]),
        body=body.lstrip("\n"),
        errors=errors,
    )


@lru_cache(maxsize=8)
def _load_all(dirs: tuple[Path, ...]) -> dict[str, Lesson]:
    lessons: dict[str, Lesson] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.md")):
            lesson = load_lesson_file(path)
            lessons[lesson.id] = lesson  # later folders (team lessons) override built-ins
    return lessons


def list_lessons(extra_dirs: Iterable[Path] = ()) -> list[Lesson]:
    """All lessons of the built-in corpus plus `extra_dirs`, sorted by id."""
    dirs = (CORPUS_DIR, *(Path(d) for d in extra_dirs))
    return sorted(_load_all(dirs).values(), key=lambda lesson: lesson.id)


def get_lesson(lesson_id: str, extra_dirs: Iterable[Path] = ()) -> Lesson | None:
    """The lesson with this id, or None."""
    dirs = (CORPUS_DIR, *(Path(d) for d in extra_dirs))
    return _load_all(dirs).get(lesson_id)


def lesson_for_rule(rule_id: str, extra_dirs: Iterable[Path] = ()) -> Lesson | None:
    """The lesson a rule links to (its `lesson_id`), else one that lists the rule, or None."""
    from aura_agentic.engine.registry import builtin_rules

    for spec in builtin_rules():
        if spec.id == rule_id and spec.lesson_id:
            found = get_lesson(spec.lesson_id, extra_dirs)
            if found is not None:
                return found
    for lesson in list_lessons(extra_dirs):
        if rule_id in lesson.rules:
            return lesson
    return None
