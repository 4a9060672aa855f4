"""The one place that creates OpenAI clients: timeouts, no SDK retries, a circuit breaker.

The LLM explains and personalises; it never decides anything. Every call is bounded: a short
connect timeout, a total deadline, and a breaker that opens for `breaker_seconds` after a failure
so an unreachable endpoint costs one short timeout and later calls fail fast (`LLMUnavailable`),
letting workflows fall back to the retrieved lesson at once. Prompt inputs go through
`prompt_text`/`prompt_excerpt` (redacted, bounded) before they leave the process.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from openai import AsyncOpenAI, OpenAIError, Timeout

from aura_agentic.redaction import redact

MAX_EXCERPT_LINES = 40
MAX_EXCERPT_CHARS = 2000
MAX_TEXT_CHARS = 4000


class LLMUnavailable(RuntimeError):
    """The LLM is not configured, failed, timed out, or its breaker is open."""


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Where the OpenAI-compatible endpoint is and how long we wait for it."""

    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    connect_timeout: float = 1.0
    total_timeout: float = 20.0
    breaker_seconds: float = 30.0
    max_tokens: int = 600

    @property
    def enabled(self) -> bool:
        return bool(self.base_url and self.model)

    @classmethod
    def from_env(cls) -> LLMConfig:
        """Read AURA_LLM_BASE_URL, AURA_LLM_API_KEY, AURA_LLM_MODEL, AURA_LLM_TIMEOUT_SECONDS."""
        return cls(
            base_url=os.environ.get("AURA_LLM_BASE_URL") or None,
            api_key=os.environ.get("AURA_LLM_API_KEY") or None,
            model=os.environ.get("AURA_LLM_MODEL") or None,
            total_timeout=float(os.environ.get("AURA_LLM_TIMEOUT_SECONDS") or 20.0),
        )


class CircuitBreaker:
    """Open for `cooldown` seconds after a failure; closed again after the cooldown."""

    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self._open_until = 0.0

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def record_failure(self) -> None:
        self._open_until = time.monotonic() + self.cooldown

    def record_success(self) -> None:
        self._open_until = 0.0


Message = dict[str, str]


class LLMClient:
    """A bounded, breaker-guarded chat client; share one per process (it owns the breaker)."""

    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self.breaker = CircuitBreaker(config.breaker_seconds)
        self._client: AsyncOpenAI | None = None

    @property
    def enabled(self) -> bool:
        return self.config.enabled

    def _openai(self) -> AsyncOpenAI:
        if not self.config.enabled:
            raise LLMUnavailable("no LLM configured")
        if self._client is None:
            self._client = AsyncOpenAI(
                base_url=self.config.base_url,
                # local servers (Ollama, vLLM) accept any key; the SDK insists on one
                api_key=self.config.api_key or "not-needed",
                timeout=Timeout(self.config.total_timeout, connect=self.config.connect_timeout),
                max_retries=0,
            )
        return self._client

    def _guard(self) -> AsyncOpenAI:
        if self.breaker.is_open:
            raise LLMUnavailable("LLM circuit breaker is open")
        return self._openai()

    async def complete(self, messages: Sequence[Message]) -> str:
        """One answer, within the total deadline."""
        client = self._guard()
        try:
            async with asyncio.timeout(self.config.total_timeout):
                response = await client.chat.completions.create(
                    model=str(self.config.model),
                    messages=list(messages),  # type: ignore[arg-type]
                    max_tokens=self.config.max_tokens,
                )
        except (OpenAIError, TimeoutError, OSError) as exc:
            self.breaker.record_failure()
            raise LLMUnavailable(f"LLM call failed: {type(exc).__name__}") from exc
        self.breaker.record_success()
        return response.choices[0].message.content or ""

    async def stream(self, messages: Sequence[Message]) -> AsyncIterator[str]:
        """Yield text deltas as they arrive; the whole stream shares one deadline."""
        client = self._guard()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.config.total_timeout
        try:
            async with asyncio.timeout_at(deadline):
                stream: Any = await client.chat.completions.create(
                    model=str(self.config.model),
                    messages=list(messages),  # type: ignore[arg-type]
                    max_tokens=self.config.max_tokens,
                    stream=True,
                )
            iterator = stream.__aiter__()
            while True:
                try:
                    async with asyncio.timeout_at(deadline):
                        chunk = await iterator.__anext__()
                except StopAsyncIteration:
                    break
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except (OpenAIError, TimeoutError, OSError) as exc:
            self.breaker.record_failure()
            raise LLMUnavailable(f"LLM stream failed: {type(exc).__name__}") from exc
        self.breaker.record_success()

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None


def prompt_excerpt(code: str) -> str:
    """A code excerpt safe to send: at most 40 lines / 2,000 characters, secrets redacted."""
    lines = code.splitlines()[:MAX_EXCERPT_LINES]
    return redact("\n".join(lines)[:MAX_EXCERPT_CHARS])


def prompt_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Any other prompt input (error messages, findings): bounded and redacted."""
    return redact(text[:limit])


SYSTEM_PROMPT = (
    "You are Aura, a patient senior engineer. Explain briefly and concretely, in Markdown, "
    "using the developer's own code and error where given. Never invent APIs. Keep it under "
    "250 words. You explain; you never decide whether code may be committed."
)


def lesson_messages(
    lesson_title: str,
    lesson_body: str,
    errors: Sequence[str],
    code: str,
    language: str | None,
) -> list[Message]:
    """The prompt that personalises a lesson for one struggle."""
    parts = [f"Lesson: {lesson_title}\n\n{prompt_text(lesson_body, 3000)}"]
    if errors:
        parts.append("Their error(s):\n" + prompt_text("\n".join(errors[:5]), 1500))
    if code:
        parts.append(f"Their code ({language or 'unknown language'}):\n{prompt_excerpt(code)}")
    parts.append("Explain what is going wrong in their code and how to fix it, using the lesson.")
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": "\n\n".join(parts)},
    ]


def findings_messages(findings: Sequence[dict[str, Any]]) -> list[Message]:
    """The prompt that explains audit findings (rule, message, redacted snippet)."""
    rows = [
        f"- {f.get('rule_id')} at {f.get('path')}:{f.get('line')}: {f.get('message')}"
        f" | {prompt_text(str(f.get('snippet') or ''), 200)}"
        for f in findings[:20]
    ]
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {
            "role": "user",
            "content": "Explain these audit findings and how to fix each:\n" + "\n".join(rows),
        },
    ]
