"""ledger exports

Revision ID: 0021_ledgers
Revises: 0020_merge
Create Date: 2026-12-03 13:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_ledgers'
down_revision = '0020_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ledger_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ledger', sa.String(length=40), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.JSON(), nullable=True),
    sa.Column('date_from', sa.Date(), nullable=False),
    sa.Column('date_to', sa.Date(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'running', 'done', 'failed', name='exportstate', native_enum=False, length=10), nullable=False),
    sa.Column('error', sa.String(length=500), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_ledger_export_office_id_office')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_ledger_export_requested_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_export'))
    )
    with op.batch_alter_table('ledger_export', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_export_requested_by_id_id', ['requested_by_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('ledger_export', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_export_requested_by_id_id')
    op.drop_table('ledger_export')
