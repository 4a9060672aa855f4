"""One-statement bulk upserts for the aggregation (used by `aggregate_repository` only).

On PostgreSQL a batch is written as `INSERT … SELECT * FROM unnest(<one array per column>)
ON CONFLICT … DO UPDATE`: one short statement executed once, whatever the number of rows,
instead of one execution per row (asyncpg's executemany). SQLite gets the same upsert as
executemany, which is what it does well (in-process, no round trips).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Table, TextClause, func, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import JSON


class Merge(Enum):
    """How a column of an existing row takes the new value."""

    add = "add"  # counters: old + new
    greatest = "greatest"  # high-water marks: max(old, new)
    replace = "replace"  # state recomputed by the caller: new


async def upsert(
    session: AsyncSession,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    keys: Sequence[str],
    merge: Mapping[str, Merge],
) -> None:
    """Insert `rows` (tuples in `columns` order, unique on `keys`) or merge them into the
    existing rows. PostgreSQL takes them in key order (concurrent writers lock rows in one
    order, and the index is walked in order), sorting them itself: far cheaper than sorting
    tuples in Python. SQLite has a single writer."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        statement = _unnest_upsert(table, tuple(columns), tuple(keys), tuple(merge.items()))
        json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
        params = {
            f"c{i}": [_json(r[i]) for r in rows] if name in json_columns else [r[i] for r in rows]
            for i, name in enumerate(columns)
        }
        await session.execute(statement, params)
        return
    stmt = sqlite.insert(table)
    set_ = {c: _merged(how, table.c[c], stmt.excluded[c], "max") for c, how in merge.items()}
    stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_=set_)
    await session.execute(stmt, [dict(zip(columns, row, strict=True)) for row in rows])


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _merged(how: Merge, old: Any, new: Any, greatest: str) -> Any:
    if how is Merge.add:
        return old + new
    if how is Merge.greatest:
        return getattr(func, greatest)(old, new)
    return new


@cache
def _unnest_upsert(
    table: Table,
    columns: tuple[str, ...],
    keys: tuple[str, ...],
    merge: tuple[tuple[str, Merge], ...],
) -> TextClause:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    name = dialect.identifier_preparer.quote
    arrays = ", ".join(
        f"CAST(:c{i} AS {table.c[c].type.compile(dialect=dialect)}[])"
        for i, c in enumerate(columns)
    )
    aliases = ", ".join(name(c) for c in columns)
    target = name(table.name)
    sets = {
        Merge.add: "{t}.{c} + excluded.{c}",
        Merge.greatest: "greatest({t}.{c}, excluded.{c})",
        Merge.replace: "excluded.{c}",
    }
    assignments = ", ".join(
        f"{name(c)} = " + sets[how].format(t=target, c=name(c)) for c, how in merge
    )
    return text(  # identifiers from the table's metadata, quoted; values are parameters
        f"INSERT INTO {target} ({', '.join(map(name, columns))}) "  # noqa: S608
        f"SELECT * FROM unnest({arrays}) AS u({aliases}) ORDER BY {', '.join(map(name, keys))} "
        f"ON CONFLICT ({', '.join(map(name, keys))}) DO UPDATE SET {assignments}"
    )
