"""Rank lessons for a struggle: BM25 over lesson text plus boosts for exact evidence.

The evidence, strongest first: a rule id the lesson teaches, an error message one of the lesson's
`errors:` patterns matches (weighted by how specific the pattern is), the error class or TypeScript
code named in the lesson's patterns, and the language. BM25 over title, tags, patterns and body
turns the rest (phrases of the message, identifiers in the code excerpt) into a tie-breaker.
Everything is offline and deterministic: equal scores are ordered by lesson id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from aura_agentic.engine.safe_regex import UserRegex, compile_user_regex
from aura_agentic.lessons import Lesson, list_lessons
from aura_agentic.retrieval.bm25 import BM25
from aura_agentic.retrieval.signals import error_signals, normalise_language, tokenize

RULE_BOOST = 12.0
PATTERN_BOOST = 6.0
CLASS_BOOST = 1.5
LANGUAGE_BOOST = 1.0
OTHER_LANGUAGE_FACTOR = 0.25
MAX_CODE_CHARS = 2000

_LEADING_CODE = re.compile(r"^TS\d+:\s*")
_LEADING_CLASS = re.compile(r"^[A-Za-z.]*(?:Error|Exception|Warning):\s*")
_REGEX_SYNTAX = re.compile(r"\\.|[.*+?()\[\]{}|^$]")
# JavaScript lessons apply to TypeScript code (it is JavaScript at run time), not the reverse.
_ALSO_MATCHES = {"typescript": {"javascript"}}


@dataclass(frozen=True, slots=True)
class Query:
    """What the struggle sensor knows: rules in scope, error messages, language, code."""

    rule_ids: Sequence[str] = ()
    errors: Sequence[str] = ()
    language: str | None = None
    code: str = ""


@dataclass(frozen=True, slots=True)
class RankedLesson:
    """A lesson with its score and the evidence that produced it."""

    lesson: Lesson
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: UserRegex
    weight: float
    partial: bool


def _specificity(pattern: str) -> float:
    literal = _REGEX_SYNTAX.sub("", pattern)
    return min(len(literal.strip()), 60) / 60


def _compile(patterns: Iterable[str]) -> tuple[_Pattern, ...]:
    out: list[_Pattern] = []
    for pattern in patterns:
        out.append(_Pattern(compile_user_regex(pattern), _specificity(pattern), partial=False))
        # Editors often report the message without the `TS2532:` or `KeyError:` prefix.
        stripped = _LEADING_CLASS.sub("", _LEADING_CODE.sub("", pattern))
        if stripped != pattern and len(_REGEX_SYNTAX.sub("", stripped)) >= 14:
            out.append(_Pattern(compile_user_regex(stripped), _specificity(stripped), partial=True))
    return tuple(out)


def _document(lesson: Lesson) -> list[str]:
    patterns_text = " ".join(_REGEX_SYNTAX.sub(" ", p) for p in lesson.errors)
    return (
        tokenize(lesson.title) * 3
        + tokenize(" ".join(lesson.tags)) * 2
        + tokenize(" ".join(lesson.rules))
        + tokenize(patterns_text) * 2
        + tokenize(lesson.body)
    )


class LessonIndex:
    """An index over a set of lessons; build once, query many times."""

    def __init__(self, lessons: Sequence[Lesson]) -> None:
        self.lessons = tuple(sorted(lessons, key=lambda lesson: lesson.id))
        self._bm25 = BM25([_document(lesson) for lesson in self.lessons])
        self._patterns = [_compile(lesson.errors) for lesson in self.lessons]
        self._classes = [
            {m.lower() for p in lesson.errors for m in re.findall(r"[A-Z]\w*(?:Error|TS\d+)", p)}
            for lesson in self.lessons
        ]
        self._rule_links = _rule_links()

    def rank(self, query: Query, limit: int = 3) -> list[RankedLesson]:
        """The `limit` best lessons for `query`, best first (only lessons with evidence)."""
        signals = error_signals(list(query.errors))
        language = normalise_language(query.language)
        words = tokenize(" ".join(signals.phrases)) * 2 + tokenize(" ".join(signals.classes)) * 2
        words += tokenize(query.code[:MAX_CODE_CHARS]) + tokenize(" ".join(query.rule_ids))
        text_scores = self._bm25.scores(words)
        top = max(text_scores, default=0.0) or 1.0
        wanted = {c.lower() for c in (*signals.classes, *signals.ts_codes)}
        ranked: list[RankedLesson] = []
        for i, lesson in enumerate(self.lessons):
            reasons: list[str] = []
            score = 3.0 * text_scores[i] / top  # the text match counts at most 3 points
            for rule in query.rule_ids:
                if rule in lesson.rules or self._rule_links.get(rule) == lesson.id:
                    score += RULE_BOOST
                    reasons.append(f"rule {rule}")
            best = 0.0
            for line in signals.lines:
                for pat in self._patterns[i]:
                    if pat.regex.search(line) is not None:
                        best = max(best, (0.6 if pat.partial else 1.0) * (1 + 2 * pat.weight))
            if best:
                score += PATTERN_BOOST * best
                reasons.append("error message")
            shared = wanted & self._classes[i]
            if shared:
                score += CLASS_BOOST
                reasons.append("error type " + ", ".join(sorted(shared)))
            score = self._apply_language(score, lesson, language, reasons)
            if score > 0.05:
                ranked.append(RankedLesson(lesson, round(score, 6), tuple(reasons)))
        ranked.sort(key=lambda r: (-r.score, r.lesson.id))
        return ranked[:limit]

    @staticmethod
    def _apply_language(
        score: float, lesson: Lesson, language: str | None, reasons: list[str]
    ) -> float:
        if language is None or "any" in lesson.languages:
            return score
        accepted = {language} | _ALSO_MATCHES.get(language, set())
        if accepted & set(lesson.languages):
            reasons.append(f"language {language}")
            return score + LANGUAGE_BOOST if score > 0 else score
        return score * OTHER_LANGUAGE_FACTOR


def _rule_links() -> dict[str, str]:
    from aura_agentic.engine.registry import builtin_rules

    return {spec.id: spec.lesson_id for spec in builtin_rules() if spec.lesson_id}


@lru_cache(maxsize=4)
def default_index(extra_dirs: tuple[Path, ...] = ()) -> LessonIndex:
    """The index over the built-in corpus (plus team folders), built once per process."""
    return LessonIndex(list_lessons(extra_dirs))


def rank_lessons(query: Query, limit: int = 3) -> list[RankedLesson]:
    """Rank the built-in corpus for `query` (see `LessonIndex.rank`)."""
    return default_index().rank(query, limit)
