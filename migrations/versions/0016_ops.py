"""Outbox lease (issue 15 item 10, NTF-1): a row being sent holds a lease; the sweep takes back
rows whose lease expired (their worker died) and retries them.

Revision ID: 0016_ops
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_ops"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("lease_until", sa.DateTime(), nullable=True))
        batch.create_index("ix_outbox_message_status_lease", ["status", "lease_until"])


def downgrade():
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_index("ix_outbox_message_status_lease")
        batch.drop_column("lease_until")
