"""escalations outlive a deleted mother, anonymised: user_id becomes nullable, ON DELETE SET NULL

Revision ID: c3a1e5f0d2b4
Revises: bde76603db0f
Create Date: 2026-11-26 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3a1e5f0d2b4"
down_revision: str | None = "bde76603db0f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The first migration left this foreign key unnamed; SQLite's batch mode needs a name for it.
SQLITE_NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _repoint(nullable: bool, ondelete: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("escalation", naming_convention=SQLITE_NAMING,
                                  recreate="always") as batch_op:
            batch_op.alter_column("user_id", existing_type=sa.BigInteger(), nullable=nullable)
            batch_op.drop_constraint("fk_escalation_user_id_user", type_="foreignkey")
            batch_op.create_foreign_key("fk_escalation_user_id_user", "user", ["user_id"],
                                        ["telegram_id"], ondelete=ondelete)
        return
    op.drop_constraint("escalation_user_id_fkey", "escalation", type_="foreignkey")
    op.alter_column("escalation", "user_id", existing_type=sa.BigInteger(), nullable=nullable)
    op.create_foreign_key("escalation_user_id_fkey", "escalation", "user", ["user_id"],
                          ["telegram_id"], ondelete=ondelete)


def upgrade() -> None:
    _repoint(nullable=True, ondelete="SET NULL")


def downgrade() -> None:
    op.execute("DELETE FROM escalation WHERE user_id IS NULL")
    _repoint(nullable=False, ondelete="CASCADE")
