"""a coached run stopped before its last run interval is marked partial

Revision ID: a9c4e7b2d5f8
Revises: f8b3d6a2c4e7
Create Date: 2026-12-04 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9c4e7b2d5f8"
down_revision: str | None = "f8b3d6a2c4e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("session_log") as batch:
        batch.add_column(sa.Column("partial", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("session_log") as batch:
        batch.drop_column("partial")
