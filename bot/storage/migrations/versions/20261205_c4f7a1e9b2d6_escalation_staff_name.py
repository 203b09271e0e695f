"""the staff member's first name on an escalation, for its alert

Revision ID: c4f7a1e9b2d6
Revises: a9c4e7b2d5f8
Create Date: 2026-12-05 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4f7a1e9b2d6"
down_revision: str | None = "a9c4e7b2d5f8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("escalation") as batch:
        batch.add_column(sa.Column("staff_name", sa.String(128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("escalation") as batch:
        batch.drop_column("staff_name")
