"""Signal extraction and the light import path of lessons and retrieval."""

from __future__ import annotations

import subprocess
import sys

from aura_agentic.retrieval import error_signals, normalise_language
from aura_agentic.retrieval.bm25 import BM25
from aura_agentic.retrieval.signals import tokenize


def test_error_signals_from_a_traceback_and_a_compiler_message():
    signals = error_signals(
        [
            'Traceback (most recent call last):\n  File "a.py", line 1, in <module>\n'
            "    user.name\nAttributeError: 'NoneType' object has no attribute 'name'",
            "src/a.ts(3,5): error TS2532: Object is possibly 'undefined'.",
        ]
    )
    assert signals.classes == ("AttributeError",)
    assert signals.ts_codes == ("TS2532",)
    assert "object has no attribute" in signals.phrases[-2]
    assert not any(line.startswith("File ") for line in signals.lines)


def test_tokenize_and_language_aliases():
    assert tokenize("forEach the Promise 0.1") == ["foreach", "each", "promise", "0.1"]
    assert normalise_language("TSX") == "typescript"
    assert normalise_language("py") == "python"
    assert normalise_language(None) is None


def test_bm25_prefers_the_document_with_rare_terms():
    index = BM25([["await", "promise"], ["await", "loop"], ["print", "logging"]])
    scores = index.scores(["promise"])
    assert scores[0] > 0 and scores[1] == 0 and scores[2] == 0


def test_lessons_and_retrieval_import_no_heavy_packages():
    code = (
        "import sys, aura_agentic.retrieval, aura_agentic.lessons;"
        "from aura_agentic.retrieval import Query, rank_lessons;"
        "rank_lessons(Query(errors=['KeyError: 1']));"
        "heavy = {'langgraph', 'openai', 'httpx', 'pydantic'} & set(sys.modules);"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
