"""retention and deletion: every staff message about an escalation, when a conversation state
last changed, delivery rows by date

Revision ID: a7c4e2d9b8f3
Revises: f1a2b3c4d5e6
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "a7c4e2d9b8f3"
down_revision: str | None = "f1a2b3c4d5e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        # Each staff message that names her (every copy of every alert, reminders, her call-back
        # request): /delete edits her name and signs out of them.
        batch_op.add_column(sa.Column("staff_messages", sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
    with op.batch_alter_table("ptb_conversation", schema=None) as batch_op:
        # When the state last changed: a conversation of someone who never consented is
        # deleted RETENTION_DAYS_UNCONSENTED days after it.
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index("ix_delivery_local_date", ["local_date"], unique=False)

    # Until now only the first copy of the latest alert was kept: that one is known.
    escalation = sa.table("escalation", sa.column("id", sa.Integer()),
                          sa.column("alert_chat_id", sa.BigInteger()),
                          sa.column("alert_message_id", sa.Integer()),
                          sa.column("staff_messages", sa.JSON()))
    bind = op.get_bind()
    known = bind.execute(sa.select(escalation.c.id, escalation.c.alert_chat_id,
                                   escalation.c.alert_message_id).where(
        escalation.c.alert_chat_id.is_not(None), escalation.c.alert_message_id.is_not(None))).all()
    for row_id, chat_id, message_id in known:
        bind.execute(escalation.update().where(escalation.c.id == row_id).values(
            staff_messages=[{"chat": chat_id, "message": message_id, "kind": "alert"}]))
    # States written before this revision count from now: their age is unknown.
    conversation = sa.table("ptb_conversation", sa.column("updated_at", sa.DateTime(timezone=True)))
    bind.execute(conversation.update().values(updated_at=datetime.now(UTC)))


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_local_date")
    with op.batch_alter_table("ptb_conversation", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_column("staff_messages")
