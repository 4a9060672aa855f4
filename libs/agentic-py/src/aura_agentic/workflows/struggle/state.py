"""State of the struggle workflow: plain, JSON-friendly values so any checkpointer can store it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# "complete": one LLM answer inside the run; "stream": tokens go to the graph's custom stream;
# "defer": the caller streams later (the API's SSE endpoint); "off": never call the LLM.
PersonaliseMode = Literal["complete", "stream", "defer", "off"]


@dataclass
class StruggleState:
    """Input from the sensor (signals, errors, rules, language, code) and what the nodes add."""

    signals: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    language: str | None = None
    code: str = ""
    file_path: str | None = None
    personalise: PersonaliseMode = "complete"
    threshold: float = 0.6
    fire: bool = False
    score: float = 0.0
    reason: str = ""
    lesson: dict[str, Any] | None = None
    alternatives: list[str] = field(default_factory=list)
    personalised: str | None = None
    llm_ms: float | None = None
    ttft_ms: float | None = None
    llm_error: str | None = None
