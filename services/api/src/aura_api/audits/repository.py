from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel import col, select

from aura_api.audits.query import AuditQuery
from aura_api.kit.repository import Repository
from aura_api.models import Audit, AuditFinding


class AuditRepository(Repository[Audit]):
    model = Audit

    async def add_findings(self, rows: Sequence[AuditFinding]) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def search(
        self, q: AuditQuery, *, limit: int, offset: int
    ) -> tuple[Sequence[Audit], int]:
        stmt = select(Audit)
        for column, value in (
            (Audit.team_id, q.team_id),
            (Audit.user_id, q.user_id),
            (Audit.repo, q.repo),
            (Audit.status, q.status),
            (Audit.source, q.source),
        ):
            if value is not None:
                stmt = stmt.where(col(column) == value)
        total = await self.count(stmt)
        stmt = stmt.order_by(col(Audit.created_at).desc(), col(Audit.id).desc())
        return await self.all(stmt.limit(limit).offset(offset)), total

    async def findings(self, audit_id: uuid.UUID) -> Sequence[AuditFinding]:
        stmt = (
            select(AuditFinding)
            .where(col(AuditFinding.audit_id) == audit_id)
            .order_by(col(AuditFinding.position))
        )
        result = await self.session.execute(stmt)
        return result.scalars().all()
