"""notify: outbox enqueued_at and sending state, SMS records, unread-notification index (NTF-1)

Revision ID: 0004
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # The status column is a plain VARCHAR(10) (non-native enum): 'sending' needs no change.
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enqueued_at', sa.DateTime(), nullable=True))
    op.create_table('sms_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('gateway', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox_message.id'], name=op.f('fk_sms_record_outbox_id_outbox_message')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_record')),
    sa.UniqueConstraint('outbox_id', name=op.f('uq_sms_record_outbox_id'))
    )
    with op.batch_alter_table('sms_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sms_record_sent_at'), ['sent_at'], unique=False)
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_unread', ['user_id', 'read_at'], unique=False)


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_unread')
    with op.batch_alter_table('sms_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sms_record_sent_at'))
    op.drop_table('sms_record')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('enqueued_at')
