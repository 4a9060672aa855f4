from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
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

    async def by_client_id(self, user_id: uuid.UUID, client_id: uuid.UUID) -> Audit | None:
        stmt = select(Audit).where(col(Audit.user_id) == user_id, col(Audit.client_id) == client_id)
        return await self.first(stmt)

    async def add_once(self, audit: Audit) -> bool:
        """Insert `audit` unless its (user, client id) is stored already; True when inserted.

        A savepoint keeps a concurrent duplicate's unique violation from failing the request."""
        try:
            async with self.session.begin_nested():
                self.session.add(audit)
                await self.session.flush()
        except IntegrityError:
            return False
        return True

    async def findings(self, audit_id: uuid.UUID) -> Sequence[AuditFinding]:
        stmt = (
            select(AuditFinding)
            .where(col(AuditFinding.audit_id) == audit_id)
            .order_by(col(AuditFinding.position))
        )
        result = await self.session.execute(stmt)
        return result.scalars().all()
