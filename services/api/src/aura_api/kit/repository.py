"""A typed repository base: every query of a domain lives in its repository."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

ModelT = TypeVar("ModelT", bound=SQLModel)


class Repository(Generic[ModelT]):
    """CRUD helpers for one table; subclasses add the domain's own queries."""

    model: type[ModelT]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, id_: uuid.UUID | Any) -> ModelT | None:
        return await self.session.get(self.model, id_)

    async def add(self, obj: ModelT, *, flush: bool = True) -> ModelT:
        self.session.add(obj)
        if flush:
            await self.session.flush()
        return obj

    async def delete(self, obj: ModelT) -> None:
        await self.session.delete(obj)
        await self.session.flush()

    async def first(self, stmt: Select[Any]) -> ModelT | None:
        result = await self.session.execute(stmt.limit(1))
        row: ModelT | None = result.scalars().first()
        return row

    async def all(self, stmt: Select[Any]) -> Sequence[ModelT]:
        result = await self.session.execute(stmt)
        rows: Sequence[ModelT] = result.scalars().all()
        return rows

    async def count(self, stmt: Any) -> int:
        """Rows `stmt` would return, ignoring its order and paging."""
        counted = select(func.count()).select_from(stmt.order_by(None).subquery())
        return int((await self.session.execute(counted)).scalar_one())
