"""Nodes of the struggle workflow: score the signals, retrieve a lesson, personalise it.

Nodes are coroutines even when they do not await: LangGraph runs plain functions in a thread
pool, and the hop costs more than the work (retrieval takes well under a millisecond)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from langgraph.config import get_stream_writer

from aura_agentic.llm import LLMClient, LLMUnavailable, Message, lesson_messages
from aura_agentic.retrieval import Query, rank_lessons
from aura_agentic.workflows.struggle.state import StruggleState
from aura_agentic.workflows.timing import elapsed_ms


def struggle_score(signals: Mapping[str, float]) -> tuple[float, str]:
    """Combine signal scores (each clamped to 0..1) with a noisy-OR: independent pieces of
    evidence add up, but no pile of weak signals reaches certainty. Returns the score and the
    strongest signal's name as the reason."""
    clean = {name: min(max(float(value), 0.0), 1.0) for name, value in signals.items()}
    if not clean:
        return 0.0, "no signals"
    miss = 1.0
    for value in clean.values():
        miss *= 1.0 - value
    strongest = max(sorted(clean), key=lambda name: clean[name])
    return round(1.0 - miss, 4), strongest


async def decide(state: StruggleState) -> dict[str, Any]:
    """Fire when the combined score reaches the threshold."""
    score, strongest = struggle_score(state.signals)
    fire = score >= state.threshold
    verdict = "above" if fire else "below"
    reason = f"score {score:.2f} {verdict} threshold {state.threshold:.2f} (mostly {strongest})"
    return {"fire": fire, "score": score, "reason": reason}


async def retrieve(state: StruggleState) -> dict[str, Any]:
    """The best lesson for the rules, errors, language and code in scope."""
    query = Query(
        rule_ids=tuple(state.rule_ids),
        errors=tuple(state.errors),
        language=state.language,
        code=state.code,
    )
    ranked = rank_lessons(query, limit=3)
    if not ranked:
        return {"lesson": None, "alternatives": []}
    best = ranked[0].lesson
    return {
        "lesson": {
            "id": best.id,
            "title": best.title,
            "markdown": best.body,
            "reasons": list(ranked[0].reasons),
        },
        "alternatives": [r.lesson.id for r in ranked[1:]],
    }


def personalise_messages(state: StruggleState) -> list[Message]:
    """The redacted, bounded prompt for this state's lesson (callers that stream use it)."""
    lesson = state.lesson or {}
    return lesson_messages(
        str(lesson.get("title", "")),
        str(lesson.get("markdown", "")),
        state.errors,
        state.code,
        state.language,
    )


def make_personalise(llm: LLMClient) -> Any:
    """The personalise node bound to the process's LLM client; on failure the lesson stands."""

    async def personalise(state: StruggleState) -> dict[str, Any]:
        start = time.perf_counter()
        messages = personalise_messages(state)
        ttft: float | None = None
        try:
            if state.personalise == "stream":
                write = get_stream_writer()
                parts: list[str] = []
                async for token in llm.stream(messages):
                    if ttft is None:
                        ttft = elapsed_ms(start)
                    parts.append(token)
                    write({"token": token})
                text = "".join(parts)
            else:
                text = await llm.complete(messages)
        except LLMUnavailable as exc:
            return {"personalised": None, "llm_error": str(exc), "llm_ms": elapsed_ms(start)}
        return {"personalised": text, "llm_ms": elapsed_ms(start), "ttft_ms": ttft}

    return personalise
