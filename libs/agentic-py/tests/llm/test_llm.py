"""The LLM boundary against the in-process OpenAI-compatible stub (the only fake)."""

from __future__ import annotations

import asyncio
import time

import pytest
from aura_agentic.llm import (
    LLMClient,
    LLMConfig,
    LLMUnavailable,
    lesson_messages,
    prompt_excerpt,
)
from aura_agentic.testing import OpenAIStub

AWS_KEY = "AKIA" + "QWERTYUIOPASDFGH"


def client_for(stub: OpenAIStub, **overrides: float) -> LLMClient:
    return LLMClient(LLMConfig(base_url=stub.base_url, api_key="k", model="stub-1", **overrides))


async def test_complete_returns_the_answer():
    with OpenAIStub(["Hello ", "there"]) as stub:
        llm = client_for(stub)
        assert await llm.complete([{"role": "user", "content": "hi"}]) == "Hello there"
        assert stub.requests[0]["model"] == "stub-1"
        await llm.aclose()


async def test_stream_yields_tokens_in_order():
    with OpenAIStub(["a", "b", "c"], token_delay=0.01) as stub:
        llm = client_for(stub)
        tokens = [t async for t in llm.stream([{"role": "user", "content": "hi"}])]
        assert tokens == ["a", "b", "c"]
        assert stub.requests[0]["stream"] is True
        await llm.aclose()


async def test_server_error_opens_the_breaker_and_the_next_call_is_fast():
    with OpenAIStub(mode="error") as stub:
        llm = client_for(stub, breaker_seconds=30)
        with pytest.raises(LLMUnavailable):
            await llm.complete([{"role": "user", "content": "hi"}])
        assert len(stub.requests) == 1, "no SDK retries"
        stub.mode = "ok"
        with pytest.raises(LLMUnavailable, match="breaker"):
            await llm.complete([{"role": "user", "content": "hi"}])
        assert len(stub.requests) == 1, "the open breaker never reaches the endpoint"
        await llm.aclose()


async def test_hanging_endpoint_costs_one_timeout_then_fails_fast():
    with OpenAIStub(mode="hang") as stub:
        llm = client_for(stub, total_timeout=0.4, breaker_seconds=30)
        start = time.perf_counter()
        with pytest.raises(LLMUnavailable):
            _ = [t async for t in llm.stream([{"role": "user", "content": "hi"}])]
        first = time.perf_counter() - start
        with pytest.raises(LLMUnavailable):
            _ = [t async for t in llm.stream([{"role": "user", "content": "hi"}])]
        assert first >= 0.3, "the first call waited out the timeout"
        assert len(stub.requests) == 1, "the open breaker kept the second call off the endpoint"
        await llm.aclose()


async def test_breaker_closes_after_its_cooldown():
    with OpenAIStub(mode="error") as stub:
        llm = client_for(stub, breaker_seconds=0.05)
        with pytest.raises(LLMUnavailable):
            await llm.complete([{"role": "user", "content": "x"}])
        stub.mode = "ok"
        await asyncio.sleep(0.06)
        assert await llm.complete([{"role": "user", "content": "x"}]) == stub.text
        await llm.aclose()


async def test_unconfigured_llm_is_unavailable():
    llm = LLMClient(LLMConfig())
    assert not llm.enabled
    with pytest.raises(LLMUnavailable):
        await llm.complete([{"role": "user", "content": "x"}])


async def test_unreachable_endpoint_is_unavailable():
    llm = LLMClient(LLMConfig(base_url="http://127.0.0.1:9/v1", model="m", connect_timeout=0.2))
    with pytest.raises(LLMUnavailable):
        await llm.complete([{"role": "user", "content": "x"}])
    assert llm.breaker.is_open


def test_prompts_are_bounded_and_redacted():
    code = "\n".join(f"line {i}" for i in range(100)) + "\n"
    assert len(prompt_excerpt(code).splitlines()) == 40
    assert len(prompt_excerpt("x" * 5000)) == 2000
    secret_code = f'key = "{AWS_KEY}"\nprint(key)'
    messages = lesson_messages("T", "body", [f"KeyError: '{AWS_KEY}'"], secret_code, "python")
    joined = "".join(m["content"] for m in messages)
    assert AWS_KEY not in joined
    assert "redacted" in joined


def test_config_from_env(monkeypatch):
    monkeypatch.setenv("AURA_LLM_BASE_URL", "http://x/v1")
    monkeypatch.setenv("AURA_LLM_MODEL", "m")
    monkeypatch.setenv("AURA_LLM_TIMEOUT_SECONDS", "3.5")
    config = LLMConfig.from_env()
    assert config.enabled and config.total_timeout == 3.5
