"""Run the workflows, record every run, serve the history and relay personalised lessons."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

from aura_agentic.llm import LLMUnavailable, prompt_excerpt, prompt_text
from aura_agentic.workflows import audit, struggle
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aura_api.auth.principal import Principal
from aura_api.db import session_scope
from aura_api.models import WorkflowRun
from aura_api.models._types import utcnow
from aura_api.scrub import scrub_data, scrub_text
from aura_api.workflows import summaries
from aura_api.workflows.errors import DiffTooLarge, InvalidRulesConfig, WorkflowRunNotFound
from aura_api.workflows.repository import WorkflowRunRepository
from aura_api.workflows.runtime import WorkflowRuntime
from aura_api.workflows.schemas import (
    AuditRunCreate,
    AuditRunRead,
    FindingRead,
    LessonBrief,
    StruggleDecision,
    StruggleRunCreate,
    StruggleRunRead,
    WorkflowStatus,
)
from aura_api.workflows.sse import sse_event

DISCONNECTED = "client disconnected before the lesson was complete"


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


async def run_audit(
    session: AsyncSession, runtime: WorkflowRuntime, user: Principal, data: AuditRunCreate
) -> AuditRunRead:
    """Audit a diff with the engine (and an LLM explanation when configured); record the run."""
    size = len(data.diff.encode())
    if size > runtime.max_diff_bytes:
        raise DiffTooLarge(size, runtime.max_diff_bytes)
    started, start = utcnow(), time.perf_counter()
    state = await audit.run_audit(
        data.diff, data.rules_yaml, explain=data.explain, graph=runtime.audit_graph
    )
    run = WorkflowRun(
        user_id=user.id,
        kind="audit",
        status=WorkflowStatus.succeeded,
        input_summary=scrub_data(summaries.audit_input(data)),
        started_at=started,
        finished_at=utcnow(),
        duration_ms=_ms(start),
        llm_ms=state.llm_ms,
    )
    repo = WorkflowRunRepository(session)
    if state.config_error:
        error = scrub_text(prompt_text(state.config_error, 1000))
        run.status, run.error = WorkflowStatus.failed, error
        await repo.add_run(run)
        raise InvalidRulesConfig(run.error, str(run.id))
    # Stored runs keep nothing secret: findings quote the diff, explanations may echo it.
    run.output = await runtime.cpu.run(scrub_data, summaries.audit_output(state))
    await repo.add_run(run)
    return AuditRunRead(
        run_id=run.id,
        status=WorkflowStatus.succeeded,
        audit_status=str(state.status),
        findings=[FindingRead(**f) for f in state.findings],
        explanation=state.explanation,
        stats=state.stats,
        duration_ms=run.duration_ms or 0.0,
    )


async def run_struggle(
    session: AsyncSession, runtime: WorkflowRuntime, user: Principal, data: StruggleRunCreate
) -> StruggleRunRead:
    """Decide, retrieve and (with an LLM) personalise; streaming runs finish on the stream."""
    started, start = utcnow(), time.perf_counter()
    llm_on = runtime.llm.enabled
    state = struggle.StruggleState(
        signals=dict(data.signals),
        errors=[prompt_text(e, 2000) for e in data.errors],
        rule_ids=list(data.rule_ids),
        language=data.language,
        code=prompt_excerpt(data.code),  # bounded and redacted before anything sees it
        file_path=data.file_path,
        personalise=("defer" if data.stream else "complete") if llm_on else "off",
    )
    final = await struggle.run_struggle(state, graph=runtime.struggle_graph)
    streaming = final.personalise == "defer" and final.fire and final.lesson is not None
    run = WorkflowRun(
        user_id=user.id,
        kind="struggle",
        status=WorkflowStatus.streaming if streaming else WorkflowStatus.succeeded,
        input_summary=scrub_data(summaries.struggle_input(data)),
        output=scrub_data(summaries.struggle_output(final)),
        started_at=started,
        finished_at=None if streaming else utcnow(),
        duration_ms=_ms(start),
        llm_ms=final.llm_ms,
    )
    await WorkflowRunRepository(session).add_run(run)
    if streaming:
        await runtime.hold(run.id, struggle.personalise_messages(final))
    return StruggleRunRead(
        run_id=run.id,
        status=WorkflowStatus(run.status),
        decision=StruggleDecision(fire=final.fire, score=final.score, reason=final.reason),
        lesson=LessonBrief(**final.lesson) if final.lesson else None,
        alternatives=final.alternatives,
        personalised=final.personalised,
        stream_url=f"/api/v1/workflows/{run.id}/stream" if final.lesson else None,
        duration_ms=run.duration_ms or 0.0,
    )


async def list_runs(
    session: AsyncSession,
    user: Principal,
    *,
    kind: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[WorkflowRun], int]:
    """Your runs, newest first."""
    return await WorkflowRunRepository(session).list_for_user(
        user.id, kind=kind, status=status, limit=limit, offset=offset
    )


async def get_run(session: AsyncSession, user: Principal, run_id: uuid.UUID) -> WorkflowRun:
    """One of your runs (someone else's is reported as missing)."""
    run = await WorkflowRunRepository(session).get_for_user(run_id, user.id)
    if run is None:
        raise WorkflowRunNotFound()
    return run


async def stream_run(runtime: WorkflowRuntime, run: WorkflowRun) -> AsyncIterator[bytes]:
    """SSE frames for a run: the personalised lesson token by token while it is generated
    (then persisted), otherwise the lesson (and any stored personalisation) as one event."""
    output: dict[str, Any] = dict(run.output or {})
    pending = await runtime.take(run.id) if run.status == WorkflowStatus.streaming else None
    if pending is None:
        yield sse_event("lesson", _lesson_event(run.id, output))
        yield sse_event("done", {"status": run.status})
        return
    start, ttft = time.perf_counter(), None
    parts: list[str] = []
    error: str | None = DISCONNECTED
    try:
        async for token in runtime.llm.stream(pending):
            if ttft is None:
                ttft = _ms(start)
            parts.append(token)
            yield sse_event("token", {"text": token})
        error = None
    except LLMUnavailable as exc:
        error = str(exc)
    finally:
        text = "".join(parts) if error is None else None
        finish = _finish(runtime.session_factory, run.id, text, error, _ms(start), ttft)
        await asyncio.shield(finish)
    if error is not None:
        yield sse_event("lesson", {**_lesson_event(run.id, output), "fallback": True})
    yield sse_event("done", {"status": WorkflowStatus.succeeded, "personalised": error is None})


def _lesson_event(run_id: uuid.UUID, output: dict[str, Any]) -> dict[str, Any]:
    return {
        "run_id": str(run_id),
        "lesson": output.get("lesson"),
        "personalised": output.get("personalised"),
    }


async def _finish(
    factory: async_sessionmaker[AsyncSession],
    run_id: uuid.UUID,
    text: str | None,
    error: str | None,
    llm_ms: float,
    ttft_ms: float | None,
) -> None:
    async with session_scope(factory) as session:
        run = await WorkflowRunRepository(session).get(run_id)
        if run is None:
            return
        finished = utcnow()
        kept = scrub_text(text) if text is not None else None
        run.output = {**(run.output or {}), "personalised": kept, "llm_error": error}
        # a fallback to the plain lesson still delivered a lesson; a dropped client did not
        ok = error != DISCONNECTED
        run.status = WorkflowStatus.succeeded if ok else WorkflowStatus.failed
        run.error = error
        run.finished_at = finished
        run.duration_ms = round((finished - run.started_at).total_seconds() * 1000, 2)
        run.llm_ms, run.ttft_ms = llm_ms, ttft_ms
