"""Lesson retrieval: rank the corpus for rule ids, error messages, a language and code.

Light and offline (standard library only, BM25 plus evidence boosts); no embeddings.
"""

from aura_agentic.retrieval.ranker import (
    LessonIndex,
    Query,
    RankedLesson,
    default_index,
    rank_lessons,
)
from aura_agentic.retrieval.signals import ErrorSignals, error_signals, normalise_language

__all__ = [
    "ErrorSignals",
    "LessonIndex",
    "Query",
    "RankedLesson",
    "default_index",
    "error_signals",
    "normalise_language",
    "rank_lessons",
]
