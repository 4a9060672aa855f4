from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from aura_api.kit.repository import Repository
from aura_api.knowledge.errors import ConcurrentKnowledgeChange
from aura_api.models import KnowledgeVersion


class KnowledgeRepository(Repository[KnowledgeVersion]):
    model = KnowledgeVersion

    async def latest(self, team_id: uuid.UUID) -> KnowledgeVersion | None:
        stmt = (
            select(KnowledgeVersion)
            .where(col(KnowledgeVersion.team_id) == team_id)
            .order_by(col(KnowledgeVersion.version).desc())
        )
        return await self.first(stmt)

    async def by_version(self, team_id: uuid.UUID, version: int) -> KnowledgeVersion | None:
        stmt = select(KnowledgeVersion).where(
            col(KnowledgeVersion.team_id) == team_id, col(KnowledgeVersion.version) == version
        )
        return await self.first(stmt)

    async def history(
        self, team_id: uuid.UUID, *, limit: int, offset: int
    ) -> tuple[Sequence[KnowledgeVersion], int]:
        stmt = select(KnowledgeVersion).where(col(KnowledgeVersion.team_id) == team_id)
        total = await self.count(stmt)
        rows = await self.all(
            stmt.order_by(col(KnowledgeVersion.version).desc()).limit(limit).offset(offset)
        )
        return rows, total

    async def append(self, row: KnowledgeVersion) -> KnowledgeVersion:
        """Insert a new version; a concurrent writer that took the same number loses (409)."""
        try:
            async with self.session.begin_nested():
                self.session.add(row)
                await self.session.flush()
        except IntegrityError as exc:
            raise ConcurrentKnowledgeChange(row.version - 1) from exc
        return row
