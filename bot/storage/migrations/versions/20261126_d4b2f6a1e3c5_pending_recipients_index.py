"""a partial index for the next pending broadcast recipient; drop the status index it replaces

Revision ID: d4b2f6a1e3c5
Revises: c3a1e5f0d2b4
Create Date: 2026-11-26 13:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d4b2f6a1e3c5"
down_revision: str | None = "c3a1e5f0d2b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_broadcast_recipient_status", table_name="broadcast_recipient")
    op.create_index("ix_broadcast_recipient_pending", "broadcast_recipient", ["broadcast_id", "id"],
                    sqlite_where=sa.text("status = 'pending'"),
                    postgresql_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    op.drop_index("ix_broadcast_recipient_pending", table_name="broadcast_recipient")
    op.create_index("ix_broadcast_recipient_status", "broadcast_recipient", ["status"])
