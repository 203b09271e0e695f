"""pelvic floor reminders: the times she picked (up to three a day) and when the next is due

Revision ID: c8d1f4a6b2e7
Revises: c9e4b1d7a3f6
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c8d1f4a6b2e7"
down_revision: str | None = "c9e4b1d7a3f6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        # Empty: no reminders (the default). "08:00,13:00,20:00": her local times.
        batch_op.add_column(sa.Column("pelvic_times", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("next_pelvic_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_user_next_pelvic_at"), ["next_pelvic_at"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_next_pelvic_at"))
        batch_op.drop_column("next_pelvic_at")
        batch_op.drop_column("pelvic_times")
