"""a line to the clinic and join codes: her threads with the staff, their messages, where the
staff copies are, and the deep-link codes staff make

Revision ID: b2d8f4a6c1e9
Revises: d3e5a1c7b9f2
Create Date: 2026-12-03 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b2d8f4a6c1e9"
# The head on branch `line` when this was written (the brief named a7c4e2d9b8f3, whose child
# c9e4b1d7a3f6, exercise media, was already merged); the merger re-chains it.
down_revision: str | None = "d3e5a1c7b9f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinic_thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.telegram_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_clinic_thread_user_id", "clinic_thread", ["user_id"])
    op.create_table(
        "thread_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=8), nullable=False),
        sa.Column("staff_name", sa.String(length=128), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("flagged", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["clinic_thread.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_thread_message_thread_id", "thread_message", ["thread_id"])
    op.create_table(
        "staff_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("redact", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.telegram_id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staff_copy_thread_id", "staff_copy", ["thread_id"])
    op.create_index("ix_staff_copy_user_id", "staff_copy", ["user_id"])
    op.create_index("ix_staff_copy_message", "staff_copy", ["chat_id", "message_id"])
    op.create_table(
        "join_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=128), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )


def downgrade() -> None:
    op.drop_table("join_code")
    op.drop_index("ix_staff_copy_message", table_name="staff_copy")
    op.drop_index("ix_staff_copy_user_id", table_name="staff_copy")
    op.drop_index("ix_staff_copy_thread_id", table_name="staff_copy")
    op.drop_table("staff_copy")
    op.drop_index("ix_thread_message_thread_id", table_name="thread_message")
    op.drop_table("thread_message")
    op.drop_index("ix_clinic_thread_user_id", table_name="clinic_thread")
    op.drop_table("clinic_thread")
