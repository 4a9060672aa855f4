"""The whole corpus: front matter, examples, error patterns and every Mermaid diagram."""

from __future__ import annotations

import re

import pytest
from aura_agentic.engine import EngineConfig, active_rules
from aura_agentic.lessons import list_lessons
from aura_agentic.lessons.loader import CORPUS_DIR, load_lesson_file
from aura_agentic.lessons.mermaid import mermaid_blocks, validate_mermaid

LESSON_FILES = sorted(CORPUS_DIR.glob("*.md"))
LEVELS = {"beginner", "intermediate", "advanced"}
LANGUAGES = {"python", "javascript", "typescript", "any"}


def test_the_corpus_is_large_enough():
    assert len(LESSON_FILES) >= 60
    assert len({lesson.id for lesson in list_lessons()}) == len(LESSON_FILES)


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_front_matter(path):
    lesson = load_lesson_file(path)
    assert lesson.id == path.stem, "file name and id agree"
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", lesson.id)
    assert lesson.title.strip()
    assert lesson.level in LEVELS
    assert lesson.languages and set(lesson.languages) <= LANGUAGES
    assert lesson.tags and all(tag == tag.lower() for tag in lesson.tags)
    assert all(re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+", rule) for rule in lesson.rules)
    for pattern in lesson.errors:
        re.compile(pattern)
    words = len(lesson.body.split())
    assert 80 <= words <= 700, f"about two minutes of reading, got {words} words"


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_sections_and_mermaid(path):
    lesson = load_lesson_file(path)
    if not lesson.id.startswith("secrets-") or lesson.id in {
        "secrets-rotation",
        "secrets-dotenv-files",
        "secrets-git-history",
    }:
        assert "## Why it matters" in lesson.body
        assert "## Bad" in lesson.body and "## Good" in lesson.body
    for block in mermaid_blocks(lesson.body):
        assert validate_mermaid(block) == [], block


def test_every_builtin_rule_has_a_lesson_listing_it_or_linked():
    ids = {lesson.id for lesson in list_lessons()}
    for rule in active_rules(EngineConfig(packs={"architecture": True})):
        if rule.pack != "team":
            assert rule.lesson_id in ids, rule.id


def test_error_patterns_match_their_own_examples():
    by_id = {lesson.id: lesson for lesson in list_lessons()}
    samples = {
        "python-name-error": "NameError: name 'foo' is not defined",
        "python-none-attribute": "AttributeError: 'NoneType' object has no attribute 'name'",
        "js-cannot-read-properties": "TypeError: Cannot read properties of undefined (reading 'id')",
        "ts-strict-null-checks": "TS2532: Object is possibly 'undefined'",
        "ts-not-assignable": "TS2322: Type 'string' is not assignable to type 'number'",
    }
    for lesson_id, message in samples.items():
        assert any(re.search(p, message) for p in by_id[lesson_id].errors), lesson_id
