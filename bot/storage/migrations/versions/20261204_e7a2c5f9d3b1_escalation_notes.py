"""staff notes on an escalation

Revision ID: e7a2c5f9d3b1
Revises: b3d8f1c6e2a9
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7a2c5f9d3b1"
down_revision: str | None = "b3d8f1c6e2a9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "escalation_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("staff_name", sa.String(length=128), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["escalation_id"], ["escalation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_escalation_note_escalation_id", "escalation_note", ["escalation_id"])


def downgrade() -> None:
    op.drop_index("ix_escalation_note_escalation_id", table_name="escalation_note")
    op.drop_table("escalation_note")
