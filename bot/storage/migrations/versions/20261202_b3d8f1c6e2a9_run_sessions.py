"""run sessions: the coached run's start, pauses and last cue, so it survives a restart

Revision ID: b3d8f1c6e2a9
Revises: b2d8f4a6c1e9
Create Date: 2026-12-02 11:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b3d8f1c6e2a9"
down_revision: str | None = "b2d8f4a6c1e9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "run_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("log_id", sa.Integer(), nullable=True),
        sa.Column("rung", sa.Integer(), nullable=False),
        sa.Column("shape", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_s", sa.Float(), nullable=False),
        sa.Column("last_cue", sa.Integer(), nullable=False),
        sa.Column("status_message_id", sa.BigInteger(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.telegram_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("run_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_run_session_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_run_session_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("run_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_run_session_state"))
        batch_op.drop_index(batch_op.f("ix_run_session_user_id"))
    op.drop_table("run_session")
