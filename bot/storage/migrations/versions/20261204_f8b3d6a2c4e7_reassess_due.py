"""after the clinic closes an emergency or urgent episode, her exercise waits for a reassessment

Revision ID: f8b3d6a2c4e7
Revises: e7a2c5f9d3b1
Create Date: 2026-12-04 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f8b3d6a2c4e7"
down_revision: str | None = "e7a2c5f9d3b1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("reassess_due_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.drop_column("reassess_due_at")
