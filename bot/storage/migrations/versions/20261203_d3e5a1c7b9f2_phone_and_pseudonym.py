"""her phone number (shared for a call-back) and her pseudonymous id in the clinic's CSV export

Revision ID: d3e5a1c7b9f2
Revises: c8d1f4a6b2e7
Create Date: 2026-12-03 09:00:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d3e5a1c7b9f2"
down_revision: str | None = "c8d1f4a6b2e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("pseudonym", sa.String(length=16), nullable=True))
    # Every mother already here gets hers now, so that every export carries one.
    user = sa.table("user", sa.column("telegram_id", sa.BigInteger()),
                    sa.column("pseudonym", sa.String()))
    bind = op.get_bind()
    for (telegram_id,) in bind.execute(sa.select(user.c.telegram_id)).all():
        bind.execute(user.update().where(user.c.telegram_id == telegram_id).values(
            pseudonym=secrets.token_hex(5)))
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_user_pseudonym", ["pseudonym"])


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint("uq_user_pseudonym", type_="unique")
        batch_op.drop_column("pseudonym")
        batch_op.drop_column("phone")
