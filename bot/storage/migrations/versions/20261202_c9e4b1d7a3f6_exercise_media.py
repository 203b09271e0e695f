"""exercise media: Telegram's file_id per picture or video, and which moves she has been shown

Revision ID: c9e4b1d7a3f6
Revises: a7c4e2d9b8f3
Create Date: 2026-12-02 10:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c9e4b1d7a3f6"
down_revision: str | None = "a7c4e2d9b8f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # One row per picture or video in content: uploaded once, then sent by its file_id.
    op.create_table(
        "media_file",
        sa.Column("source", sa.String(length=512), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("file_id", sa.String(length=256), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source"),
    )
    # Her row per move whose picture she was sent: each is shown once.
    op.create_table(
        "media_shown",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("exercise_id", sa.String(length=40), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.telegram_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "exercise_id"),
    )
    with op.batch_alter_table("media_shown", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_shown_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("media_shown", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_shown_user_id"))
    op.drop_table("media_shown")
    op.drop_table("media_file")
