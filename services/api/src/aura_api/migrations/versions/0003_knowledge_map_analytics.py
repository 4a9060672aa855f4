"""knowledge map and analytics aggregates (issue: API domains, part B)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from aura_api.models._types import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _team_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE")


def _user_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "knowledge_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules_yaml", sa.Text(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("lessons", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=True),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        _team_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "version", name="uq_knowledge_team_version"),
    )
    op.create_table(
        "rule_mastery",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.String(length=200), nullable=False),
        sa.Column("p_mastery", sa.Float(), nullable=False),
        sa.Column("checkpoint_p", sa.Float(), nullable=False),
        sa.Column("recent", sa.JSON(), nullable=False),
        sa.Column("observations", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("incorrect", sa.Integer(), nullable=False),
        sa.Column("lessons_completed", sa.Integer(), nullable=False),
        sa.Column("repeat_violations", sa.Integer(), nullable=False),
        sa.Column("last_event_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _user_fk(),
        sa.PrimaryKeyConstraint("user_id", "rule_id"),
    )
    op.create_table(
        "aggregate_hotspots",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("bucket", sa.String(length=8), nullable=False),
        sa.Column("bucket_start", UTCDateTime(), nullable=False),
        sa.Column("path_prefix", sa.String(length=1024), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        _team_fk(),
        sa.PrimaryKeyConstraint("team_id", "bucket", "bucket_start", "path_prefix", "kind"),
    )
    op.create_index(
        "ix_aggregate_hotspots_level",
        "aggregate_hotspots",
        ["team_id", "bucket", "depth", "bucket_start"],
    )
    op.create_table(
        "aggregate_team_activity",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("day", UTCDateTime(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        _team_fk(),
        _user_fk(),
        sa.PrimaryKeyConstraint("team_id", "day", "user_id", "type"),
    )
    op.create_table(
        "aggregate_rule_feedback",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.String(length=200), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("blocked", sa.Integer(), nullable=False),
        sa.Column("not_useful", sa.Integer(), nullable=False),
        sa.Column("helpful", sa.Integer(), nullable=False),
        _team_fk(),
        sa.PrimaryKeyConstraint("team_id", "rule_id"),
    )
    op.create_table(
        "aggregate_suppressions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.String(length=200), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("until", UTCDateTime(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_added_at", UTCDateTime(), nullable=False),
        _team_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_aggregate_suppressions_team_id", "aggregate_suppressions", ["team_id"], unique=False
    )
    op.create_table(
        "aggregate_lesson_exposures",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.String(length=200), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("exposed_at", UTCDateTime(), nullable=False),
        sa.Column("rule_ids", sa.JSON(), nullable=False),
        sa.Column("violations_before", sa.Integer(), nullable=False),
        sa.Column("violations_after", sa.Integer(), nullable=False),
        _team_fk(),
        _user_fk(),
        sa.PrimaryKeyConstraint("user_id", "lesson_id"),
    )
    op.create_index(
        "ix_aggregate_lesson_exposures_team_id",
        "aggregate_lesson_exposures",
        ["team_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_aggregate_lesson_exposures_team_id", table_name="aggregate_lesson_exposures")
    op.drop_table("aggregate_lesson_exposures")
    op.drop_index("ix_aggregate_suppressions_team_id", table_name="aggregate_suppressions")
    op.drop_table("aggregate_suppressions")
    op.drop_table("aggregate_rule_feedback")
    op.drop_table("aggregate_team_activity")
    op.drop_index("ix_aggregate_hotspots_level", table_name="aggregate_hotspots")
    op.drop_table("aggregate_hotspots")
    op.drop_table("rule_mastery")
    op.drop_table("knowledge_versions")
