"""batched aggregation: team roll-ups, one index on hotspots, mastery tails as strings

Replaces `aggregate_team_activity` (team × day × developer × type), which made the overview
sum window × developers × types rows, by two bounded tables filled from it; keys
`aggregate_hotspots` by (team, bucket, depth, bucket_start, path, kind) so the drill-down
reads the primary key and a write maintains one index instead of two; and stores the last
outcomes of a mastery row as one fixed-width string (`tail`) instead of a JSON list
(`recent`), which every batch decoded and encoded again (docs/adr/0008-batched-aggregation.md).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

from aura_api.models._types import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW_KEY = ["team_id", "bucket", "depth", "bucket_start", "path_prefix", "kind"]
_OLD_KEY = ["team_id", "bucket", "bucket_start", "path_prefix", "kind"]


def upgrade() -> None:
    op.create_table(
        "aggregate_team_days",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("day", UTCDateTime(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id", "day", "type"),
    )
    op.create_table(
        "aggregate_team_developers",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("last_active_day", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id", "user_id"),
    )
    op.execute(
        "INSERT INTO aggregate_team_days (team_id, day, type, count) "
        "SELECT team_id, day, type, sum(count) FROM aggregate_team_activity "
        "GROUP BY team_id, day, type"
    )
    op.execute(
        "INSERT INTO aggregate_team_developers (team_id, user_id, last_active_day) "
        "SELECT team_id, user_id, max(day) FROM aggregate_team_activity GROUP BY team_id, user_id"
    )
    op.drop_table("aggregate_team_activity")
    op.drop_index("ix_aggregate_hotspots_level", table_name="aggregate_hotspots")
    _hotspot_key(_NEW_KEY)
    op.add_column("rule_mastery", sa.Column("tail", sa.Text(), nullable=False, server_default=""))
    _convert("recent", "tail", _to_tail)
    with op.batch_alter_table("rule_mastery") as batch:
        batch.drop_column("recent")
        batch.alter_column("tail", server_default=None)
    _fillfactor(_REWRITTEN)


# Rewritten by every batch that touches them: room in each page lets PostgreSQL update a row
# in place (a HOT update: no new index entry) and prune old versions, so they do not bloat.
_REWRITTEN = {"rule_mastery": 50, "aggregate_hotspots": 80, "aggregate_team_days": 50}


def _fillfactor(tables: Mapping[str, int | None]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, fillfactor in tables.items():
        if fillfactor is None:
            op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
        else:
            op.execute(f"ALTER TABLE {table} SET (fillfactor = {fillfactor})")


def downgrade() -> None:
    _fillfactor(dict.fromkeys(_REWRITTEN))
    op.add_column("rule_mastery", sa.Column("recent", sa.JSON(), nullable=True))
    _convert("tail", "recent", _to_recent)
    with op.batch_alter_table("rule_mastery") as batch:
        batch.alter_column("recent", existing_type=sa.JSON(), nullable=False)
        batch.drop_column("tail")
    _hotspot_key(_OLD_KEY)
    op.create_index(
        "ix_aggregate_hotspots_level",
        "aggregate_hotspots",
        ["team_id", "bucket", "depth", "bucket_start"],
    )
    # The per-developer detail cannot be recovered from the roll-ups: the table comes back
    # empty (derived data; replaying the events refills it).
    op.create_table(
        "aggregate_team_activity",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("day", UTCDateTime(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id", "day", "user_id", "type"),
    )
    op.drop_table("aggregate_team_developers")
    op.drop_table("aggregate_team_days")


def _hotspot_key(columns: list[str]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE aggregate_hotspots DROP CONSTRAINT aggregate_hotspots_pkey, "
            f"ADD CONSTRAINT aggregate_hotspots_pkey PRIMARY KEY ({', '.join(columns)})"
        )
        return
    # SQLite cannot change a primary key: copy the rows into a new table.
    op.create_table(
        "aggregate_hotspots_new",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("bucket", sa.String(length=8), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("bucket_start", UTCDateTime(), nullable=False),
        sa.Column("path_prefix", sa.String(length=1024), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(*columns),
    )
    names = "team_id, bucket, depth, bucket_start, path_prefix, kind, count"
    op.execute(f"INSERT INTO aggregate_hotspots_new ({names}) SELECT {names} FROM aggregate_hotspots")
    op.drop_table("aggregate_hotspots")
    op.rename_table("aggregate_hotspots_new", "aggregate_hotspots")


# The formats are spelled out here, not imported: a migration must not change with the code.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ISO = "%Y-%m-%dT%H:%M:%S.%fZ"


def _to_tail(recent: Any) -> str:
    entries = json.loads(recent) if isinstance(recent, str) else recent
    out = []
    for at, code in entries:
        moment = datetime.strptime(at, _ISO).replace(tzinfo=UTC)
        out.append(f"{max((moment - _EPOCH) // timedelta(microseconds=1), 0):013x}{code}")
    return "".join(out)


def _to_recent(tail: str) -> str:
    entries = []
    for i in range(0, len(tail), 14):
        moment = _EPOCH + timedelta(microseconds=int(tail[i : i + 13], 16))
        entries.append([moment.strftime(_ISO), tail[i + 13]])
    return json.dumps(entries)


def _convert(source: str, target: str, convert: Any) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT user_id, rule_id, {source} FROM rule_mastery")).all()
    if rows:
        bind.execute(
            sa.text(f"UPDATE rule_mastery SET {target} = :v WHERE user_id = :u AND rule_id = :r"),
            [{"v": convert(value), "u": user, "r": rule} for user, rule, value in rows],
        )
