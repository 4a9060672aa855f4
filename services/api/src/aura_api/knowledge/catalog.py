"""The engine's view of rules and lessons: built-ins, and parsing a team's files with the
engine's own loaders so the server accepts exactly what the CLI would."""

from __future__ import annotations

import contextlib
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from aura_agentic.engine import ConfigError, EngineConfig, RuleInfo, active_rules, parse_config
from aura_agentic.lessons import Lesson, LessonError, list_lessons, load_lesson_file

RULES_FILE = ".aura/rules.yaml"


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[RuleInfo, ...]:
    """Every built-in rule with its default state."""
    return tuple(active_rules())


@lru_cache(maxsize=1)
def builtin_rule_index() -> dict[str, RuleInfo]:
    return {r.id: r for r in builtin_rules()}


@lru_cache(maxsize=1)
def builtin_lessons() -> tuple[Lesson, ...]:
    return tuple(list_lessons())


def parse_rules_yaml(text: str) -> EngineConfig:
    """Validate `.aura/rules.yaml` text; raises `ConfigError` with the line of the problem."""
    return parse_config(text, RULES_FILE)


def effective_rules(config: EngineConfig) -> list[RuleInfo]:
    """Built-in and team rules with the configuration applied."""
    return active_rules(config)


def rule_dict(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.id,
        "category": rule.category,
        "severity": rule.severity,
        "pack": rule.pack,
        "lesson_id": rule.lesson_id,
        "enabled": rule.enabled,
        "message": rule.message,
        "builtin": rule.id in builtin_rule_index(),
    }


def team_rule_dicts(config: EngineConfig) -> list[dict[str, Any]]:
    """The rules a team file declares or overrides (the parsed form stored per version)."""
    touched = {spec.id for spec in config.team_rules} | set(config.rules)
    return [rule_dict(r) for r in effective_rules(config) if r.id in touched]


@lru_cache(maxsize=512)
def parse_lesson(name: str, text: str) -> Lesson:
    """Validate one lesson file with the lesson loader; errors name `name`, not a temp path."""
    filename = Path(name).name if name.endswith(".md") else f"{Path(name).name}.md"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / filename
        path.write_text(text, encoding="utf-8")
        try:
            return load_lesson_file(path)
        except LessonError as exc:
            raise LessonError(str(exc).replace(str(path), name)) from exc


def lesson_meta(lesson: Lesson, *, builtin: bool) -> dict[str, Any]:
    return {
        "id": lesson.id,
        "title": lesson.title,
        "rules": list(lesson.rules),
        "languages": list(lesson.languages),
        "level": lesson.level,
        "tags": list(lesson.tags),
        "builtin": builtin,
    }


def lesson_rule_ids(
    lesson_id: str, team_rules: list[dict[str, Any]], team_lessons: dict[str, str]
) -> set[str]:
    """Rules a lesson teaches: those its front matter lists and those that link to it."""
    out = {r.id for r in builtin_rules() if r.lesson_id == lesson_id}
    out |= {str(r["id"]) for r in team_rules if r.get("lesson_id") == lesson_id}
    for lesson in builtin_lessons():
        if lesson.id == lesson_id:
            out |= set(lesson.rules)
    if lesson_id in team_lessons:
        # Stored versions were validated; a later loader change must not break analytics.
        with contextlib.suppress(LessonError):
            out |= set(parse_lesson(lesson_id, team_lessons[lesson_id]).rules)
    return out


def rule_category(rule_id: str, team_rules: list[dict[str, Any]]) -> str:
    """A rule's category: built-in metadata, the team's declaration, else its id prefix."""
    builtin = builtin_rule_index().get(rule_id)
    if builtin is not None:
        return builtin.category
    for rule in team_rules:
        if rule.get("id") == rule_id and rule.get("category"):
            return str(rule["category"])
    return rule_id.split("/", 1)[0] if "/" in rule_id else "custom"


__all__ = ["ConfigError", "LessonError"]
