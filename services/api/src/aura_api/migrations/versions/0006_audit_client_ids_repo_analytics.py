"""audit client ids; the repository as a dimension of the analytics aggregates

`audits.client_id` (unique per user) makes a resubmitted audit return the stored one, so the
CLI can queue audits offline and resend them safely. The aggregates gain `repo` ("" for events
that name none) in their keys, so every analytics read can be filtered by repository. Existing
rows keep repo "" until `aura-api rebuild-aggregates` replays the events (docs/adr/0019).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from aura_api.models._types import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _team_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE")


# Per table: its columns before this revision, the key before and after, and how rows that
# only differ by repository are folded together again on downgrade.
_TABLES: dict[str, dict[str, object]] = {
    "aggregate_hotspots": {
        "columns": lambda: [
            sa.Column("team_id", sa.Uuid(), nullable=False),
            sa.Column("bucket", sa.String(length=8), nullable=False),
            sa.Column("depth", sa.Integer(), nullable=False),
            sa.Column("bucket_start", UTCDateTime(), nullable=False),
            sa.Column("path_prefix", sa.String(length=1024), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("count", sa.Integer(), nullable=False),
            _team_fk(),
        ],
        "old_key": ["team_id", "bucket", "depth", "bucket_start", "path_prefix", "kind"],
        "new_key": ["team_id", "bucket", "depth", "bucket_start", "repo", "path_prefix", "kind"],
        "fold": {"count": "sum"},
    },
    "aggregate_team_days": {
        "columns": lambda: [
            sa.Column("team_id", sa.Uuid(), nullable=False),
            sa.Column("day", UTCDateTime(), nullable=False),
            sa.Column("type", sa.String(length=40), nullable=False),
            sa.Column("count", sa.Integer(), nullable=False),
            _team_fk(),
        ],
        "old_key": ["team_id", "day", "type"],
        "new_key": ["team_id", "day", "type", "repo"],
        "fold": {"count": "sum"},
    },
    "aggregate_team_developers": {
        "columns": lambda: [
            sa.Column("team_id", sa.Uuid(), nullable=False),
            sa.Column("user_id", sa.Uuid(), nullable=False),
            sa.Column("last_active_day", UTCDateTime(), nullable=False),
            _team_fk(),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        ],
        "old_key": ["team_id", "user_id"],
        "new_key": ["team_id", "user_id", "repo"],
        "fold": {"last_active_day": "max"},
    },
    "aggregate_rule_feedback": {
        "columns": lambda: [
            sa.Column("team_id", sa.Uuid(), nullable=False),
            sa.Column("rule_id", sa.String(length=200), nullable=False),
            sa.Column("findings", sa.Integer(), nullable=False),
            sa.Column("blocked", sa.Integer(), nullable=False),
            sa.Column("not_useful", sa.Integer(), nullable=False),
            sa.Column("helpful", sa.Integer(), nullable=False),
            _team_fk(),
        ],
        "old_key": ["team_id", "rule_id"],
        "new_key": ["team_id", "rule_id", "repo"],
        "fold": {"findings": "sum", "blocked": "sum", "not_useful": "sum", "helpful": "sum"},
    },
}


def _repo_column() -> sa.Column[str]:
    return sa.Column("repo", sa.String(length=300), nullable=False, server_default="")


def upgrade() -> None:
    op.add_column("audits", sa.Column("client_id", sa.Uuid(), nullable=True))
    op.create_index("ux_audits_user_client", "audits", ["user_id", "client_id"], unique=True)
    op.add_column("aggregate_suppressions", _repo_column())
    for table, spec in _TABLES.items():
        _rekey(table, spec, add_repo=True)
    with op.batch_alter_table("aggregate_suppressions") as batch:
        batch.alter_column("repo", server_default=None)


def downgrade() -> None:
    for table, spec in _TABLES.items():
        _rekey(table, spec, add_repo=False)
    with op.batch_alter_table("aggregate_suppressions") as batch:
        batch.drop_column("repo")
    op.drop_index("ux_audits_user_client", table_name="audits")
    with op.batch_alter_table("audits") as batch:
        batch.drop_column("client_id")


def _rekey(table: str, spec: dict[str, object], *, add_repo: bool) -> None:
    """Copy `table` into a new table with (or without) `repo` in its key.

    A copy works the same on PostgreSQL and SQLite (which cannot change a primary key), and
    on downgrade it folds the rows that differed only by repository back into one.
    """
    old_key: list[str] = spec["old_key"]  # type: ignore[assignment]
    new_key: list[str] = spec["new_key"]  # type: ignore[assignment]
    fold: dict[str, str] = spec["fold"]  # type: ignore[assignment]
    columns = spec["columns"]()  # type: ignore[operator]
    key = new_key if add_repo else old_key
    extra = [_repo_column()] if add_repo else []
    op.create_table(f"{table}_new", *columns, *extra, sa.PrimaryKeyConstraint(*key))
    values = list(fold)
    if add_repo:
        names = ", ".join([*old_key, *values])
        op.execute(f"INSERT INTO {table}_new ({names}) SELECT {names} FROM {table}")  # noqa: S608
    else:
        folded = ", ".join(f"{how}({name})" for name, how in fold.items())
        keys = ", ".join(old_key)
        op.execute(
            f"INSERT INTO {table}_new ({keys}, {', '.join(values)}) "  # noqa: S608
            f"SELECT {keys}, {folded} FROM {table} GROUP BY {keys}"
        )
    op.drop_table(table)
    op.rename_table(f"{table}_new", table)
    if op.get_bind().dialect.name == "postgresql":
        # Keep the constraint names a fresh database has, and 0005's room for HOT updates.
        op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {table}_new_pkey TO {table}_pkey")
        for constraint in _fk_names(table):
            op.execute(
                f"ALTER TABLE {table} RENAME CONSTRAINT {constraint} "
                f"TO {constraint.replace(f'{table}_new_', f'{table}_', 1)}"
            )
        if add_repo:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN repo DROP DEFAULT")
        if table in _FILLFACTOR:
            op.execute(f"ALTER TABLE {table} SET (fillfactor = {_FILLFACTOR[table]})")


_FILLFACTOR = {"aggregate_hotspots": 80, "aggregate_team_days": 50}


def _fk_names(table: str) -> list[str]:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT conname FROM pg_constraint WHERE conrelid = CAST(:t AS regclass) "
            "AND contype = 'f' AND conname LIKE :p"
        ),
        {"t": table, "p": f"{table}_new_%"},
    )
    return [str(name) for (name,) in rows]
