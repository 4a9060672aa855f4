"""events, audits, webhooks (issue: API domains, part A)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from aura_api.models._types import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _create_events()


def downgrade() -> None:
    op.drop_index("ix_events_unaggregated", table_name="events")
    op.drop_index("ix_events_team_type_occurred", table_name="events")
    op.drop_index("ix_events_team_occurred", table_name="events")
    op.drop_index("ix_events_user_occurred", table_name="events")
    op.drop_table("events")


def _create_events() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("repo", sa.String(length=300), nullable=True),
        sa.Column("path", sa.String(length=1024), nullable=True),
        sa.Column("rule_id", sa.String(length=200), nullable=True),
        sa.Column("lesson_id", sa.String(length=200), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("aggregated_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_events_user_occurred", "events", ["user_id", "occurred_at", "id"])
    op.create_index("ix_events_team_occurred", "events", ["team_id", "occurred_at", "id"])
    op.create_index("ix_events_team_type_occurred", "events", ["team_id", "type", "occurred_at"])
    op.create_index(
        "ix_events_unaggregated",
        "events",
        ["received_at"],
        postgresql_where=sa.text("aggregated_at IS NULL"),
        sqlite_where=sa.text("aggregated_at IS NULL"),
    )
