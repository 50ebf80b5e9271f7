"""hotline analysis reports

Revision ID: 0021_reports
Revises: 0020_merge
Create Date: 2026-12-03 13:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_reports'
down_revision = '0020_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hotline_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('monthly', 'on_demand', name='reportkind', native_enum=False, length=10), nullable=False),
    sa.Column('first_month', sa.Date(), nullable=False),
    sa.Column('last_month', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'running', 'done', 'failed', name='reportstate', native_enum=False, length=10), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=500), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('excel', sa.LargeBinary(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_hotline_report_created_by_id_user')),
    sa.ForeignKeyConstraint(['document_id'], ['issued_document.id'], name=op.f('fk_hotline_report_document_id_issued_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotline_report')),
    sa.UniqueConstraint('first_month', 'last_month', 'version', name='uq_hotline_report_version')
    )
    with op.batch_alter_table('hotline_report', schema=None) as batch_op:
        batch_op.create_index('ix_hotline_report_period', ['first_month', 'last_month', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('hotline_report', schema=None) as batch_op:
        batch_op.drop_index('ix_hotline_report_period')
    op.drop_table('hotline_report')
