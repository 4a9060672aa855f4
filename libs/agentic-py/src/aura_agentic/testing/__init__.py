"""Test helpers shipped with the library: the in-process OpenAI-compatible stub."""

from aura_agentic.testing.openai_stub import OpenAIStub

__all__ = ["OpenAIStub"]
