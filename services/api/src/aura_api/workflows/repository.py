from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import text
from sqlmodel import col, select

from aura_api.kit.repository import Repository
from aura_api.models import WorkflowRun


class WorkflowRunRepository(Repository[WorkflowRun]):
    model = WorkflowRun

    async def add_run(self, run: WorkflowRun) -> WorkflowRun:
        """Queue the run for the request's commit. On PostgreSQL that commit does not wait for
        the WAL flush (`synchronous_commit off`, this transaction only): a run is history, and
        losing the last few after a crash of the database server costs less than an fsync on
        every workflow request. Nothing is ever corrupted or half-written either way."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
        return await self.add(run, flush=False)

    async def get_for_user(self, run_id: uuid.UUID, user_id: uuid.UUID) -> WorkflowRun | None:
        run = await self.session.get(WorkflowRun, run_id)
        return run if run is not None and run.user_id == user_id else None

    async def list_for_user(
        self,
        user_id: uuid.UUID,
        *,
        kind: str | None,
        status: str | None,
        limit: int,
        offset: int,
    ) -> tuple[Sequence[WorkflowRun], int]:
        """The user's runs, newest first, optionally of one kind and status."""
        stmt = select(WorkflowRun).where(col(WorkflowRun.user_id) == user_id)
        if kind is not None:
            stmt = stmt.where(col(WorkflowRun.kind) == kind)
        if status is not None:
            stmt = stmt.where(col(WorkflowRun.status) == status)
        total = await self.count(stmt)
        order = (col(WorkflowRun.started_at).desc(), col(WorkflowRun.id))
        rows = await self.all(stmt.order_by(*order).limit(limit).offset(offset))
        return rows, total
