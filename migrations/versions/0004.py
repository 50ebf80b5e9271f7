"""jobs: sweep indexes on deadline, outbox enqueued_at, SMS records

Revision ID: 0004
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

DUE = "state IN ('open', 'warned') AND paused_at IS NULL"
WARN = "state = 'open' AND paused_at IS NULL"
PROVISIONAL = "provisional AND state IN ('open', 'warned', 'overdue')"


def _partial_index(name, column, where):
    op.create_index(name, "deadline", [column], unique=False,
                    postgresql_where=sa.text(where), sqlite_where=sa.text(where))


def upgrade():
    _partial_index("ix_deadline_sweep_due", "due_at", DUE)
    _partial_index("ix_deadline_sweep_warn", "warn_at", WARN)
    _partial_index("ix_deadline_provisional_open", "provisional", PROVISIONAL)

    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enqueued_at", sa.DateTime(), nullable=True))

    op.create_table(
        "sms_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("gateway", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox_message.id"],
                                name=op.f("fk_sms_record_outbox_id_outbox_message")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_record")),
    )
    with op.batch_alter_table("sms_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sms_record_outbox_id"), ["outbox_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sms_record_created_at"), ["created_at"], unique=False)


def downgrade():
    op.drop_table("sms_record")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("enqueued_at")
    op.drop_index("ix_deadline_provisional_open", table_name="deadline")
    op.drop_index("ix_deadline_sweep_warn", table_name="deadline")
    op.drop_index("ix_deadline_sweep_due", table_name="deadline")
