"""escalation episodes: who raised one before consenting, and when it was last raised

Revision ID: e5c3a7b9d1f2
Revises: d4b2f6a1e3c5
Create Date: 2026-12-01 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e5c3a7b9d1f2"
down_revision: str | None = "d4b2f6a1e3c5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        # A mother who named a warning sign before consenting has no user row: the clinic
        # still needs her Telegram id and name to reach her (vital interest).
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("name", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_escalation_chat_id", ["chat_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_index("ix_escalation_chat_id")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("name")
        batch_op.drop_column("chat_id")
