"""The lesson corpus: every active built-in rule links to a lesson that exists and is sound."""

from __future__ import annotations

import pytest
from aura_agentic.engine import EngineConfig, active_rules
from aura_agentic.lessons import LessonError, get_lesson, lesson_for_rule, list_lessons
from aura_agentic.lessons.loader import load_lesson_file


def test_every_builtin_rule_has_its_lesson():
    for rule in active_rules(EngineConfig(packs={"architecture": True})):
        if rule.pack == "team":
            continue
        assert rule.lesson_id, rule.id
        lesson = get_lesson(rule.lesson_id)
        assert lesson is not None, f"{rule.id} links to missing lesson {rule.lesson_id}"
        assert lesson_for_rule(rule.id) is not None


def test_lessons_have_front_matter_and_examples():
    lessons = list_lessons()
    assert {"python-debug-print", "debugger-statements", "python-long-function"} <= {
        lesson.id for lesson in lessons
    }
    for lesson in lessons:
        assert lesson.title and lesson.languages and lesson.level and lesson.tags
        if lesson.id.startswith("secrets-"):
            continue  # written by the secrets pack's authors
        assert "## Bad" in lesson.body and "## Good" in lesson.body, lesson.id


def test_unknown_ids_and_team_folders(tmp_path):
    assert get_lesson("no-such-lesson") is None
    assert lesson_for_rule("team/unknown") is None
    (tmp_path / "team.md").write_text(
        "---\nid: team-todo\ntitle: T\nrules: [team/no-todo]\nlanguages: [python]\n"
        "level: beginner\ntags: [x]\n---\nbody\n"
    )
    assert lesson_for_rule("team/no-todo", [tmp_path]).id == "team-todo"


def test_bad_front_matter_names_the_file(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\nid: x\n---\nbody\n")
    with pytest.raises(LessonError, match=r"bad\.md"):
        load_lesson_file(bad)
