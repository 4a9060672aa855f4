"""The process-wide workflow runtime: one LLM client (it owns the circuit breaker) and the compiled
graphs; plus where a personalisation waits for its stream to be opened.

The waiting prompt (already redacted and bounded) goes to the shared cache (Redis in production),
so the stream can be opened on any worker or replica. The cache is an accelerator: if the prompt
is gone (expired, Redis down, already streamed), the stream sends the plain lesson instead."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from aura_agentic.llm import LLMClient, LLMConfig, Message
from aura_agentic.workflows import audit, struggle
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aura_api.cache import Cache
from aura_api.offload import CpuPool
from aura_api.resources import Resources

PENDING_TTL_SECONDS = 600


@dataclass
class WorkflowRuntime:
    llm: LLMClient
    audit_graph: Any
    struggle_graph: Any
    max_diff_bytes: int
    cache: Cache
    session_factory: async_sessionmaker[AsyncSession]
    cpu: CpuPool

    @classmethod
    def from_resources(cls, resources: Resources) -> WorkflowRuntime:
        """Build the LLM client from the AURA_LLM_* settings and compile both graphs once."""
        settings = resources.settings
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        llm = LLMClient(
            LLMConfig(
                base_url=settings.llm_base_url,
                api_key=key,
                model=settings.llm_model,
                connect_timeout=settings.llm_connect_timeout_seconds,
                total_timeout=settings.llm_timeout_seconds,
                breaker_seconds=settings.llm_breaker_seconds,
            )
        )
        return cls(
            llm=llm,
            audit_graph=audit.build_graph(llm=llm, offload=resources.cpu.run),
            struggle_graph=struggle.build_graph(llm=llm),
            max_diff_bytes=settings.workflow_max_diff_bytes,
            cache=resources.cache,
            session_factory=resources.session_factory,
            cpu=resources.cpu,
        )

    @staticmethod
    def _key(run_id: uuid.UUID) -> str:
        return f"workflow-prompt:{run_id}"

    async def hold(self, run_id: uuid.UUID, messages: list[Message]) -> None:
        """Keep a prompt until its stream is opened (forgotten after ten minutes)."""
        await self.cache.set(self._key(run_id), json.dumps(messages).encode(), PENDING_TTL_SECONDS)

    async def take(self, run_id: uuid.UUID) -> list[Message] | None:
        """The held prompt, once: a later stream of the same run gets the lesson instead."""
        raw = await self.cache.get(self._key(run_id))
        if raw is None:
            return None
        await self.cache.delete(self._key(run_id))
        messages: list[Message] = json.loads(raw)
        return messages
