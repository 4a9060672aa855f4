"""The process-wide workflow runtime: one LLM client (it owns the circuit breaker), the compiled
graphs, and the personalisations waiting for their stream to be opened."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aura_agentic.llm import LLMClient, LLMConfig, Message
from aura_agentic.workflows import audit, struggle

from aura_api.config import Settings

PENDING_TTL_SECONDS = 600.0


@dataclass
class PendingStream:
    messages: list[Message]
    created: float = field(default_factory=time.monotonic)


@dataclass
class WorkflowRuntime:
    llm: LLMClient
    audit_graph: Any
    struggle_graph: Any
    max_diff_bytes: int
    pending: dict[uuid.UUID, PendingStream] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkflowRuntime:
        """Build the LLM client from the AURA_LLM_* settings and compile both graphs once."""
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
            audit_graph=audit.build_graph(llm=llm),
            struggle_graph=struggle.build_graph(llm=llm),
            max_diff_bytes=settings.workflow_max_diff_bytes,
        )

    def hold(self, run_id: uuid.UUID, messages: list[Message]) -> None:
        """Keep a prompt until its stream is opened (forgotten after ten minutes)."""
        now = time.monotonic()
        for stale in [k for k, v in self.pending.items() if now - v.created > PENDING_TTL_SECONDS]:
            del self.pending[stale]
        self.pending[run_id] = PendingStream(messages)

    def take(self, run_id: uuid.UUID) -> PendingStream | None:
        """The held prompt, once: a second stream of the same run gets the lesson instead."""
        return self.pending.pop(run_id, None)
