"""leaders' rollup of daily figures and its rebuild runs

Revision ID: 0021_leaders
Revises: 0020_merge
Create Date: 2026-12-03 13:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_leaders'
down_revision = '0020_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('leader_daily_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('numerator', sa.Float(), nullable=False),
    sa.Column('denominator', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leader_daily_figure')),
    sa.UniqueConstraint('day', 'indicator', 'office_id', name='uq_leader_daily_figure')
    )
    with op.batch_alter_table('leader_daily_figure', schema=None) as batch_op:
        batch_op.create_index('ix_leader_daily_figure_indicator_day', ['indicator', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_leader_daily_figure_district_id'), ['district_id'], unique=False)

    op.create_table('leader_rollup_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('start_day', sa.Date(), nullable=False),
    sa.Column('end_day', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('done_steps', sa.Integer(), nullable=False),
    sa.Column('total_steps', sa.Integer(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leader_rollup_run'))
    )


def downgrade():
    op.drop_table('leader_rollup_run')
    with op.batch_alter_table('leader_daily_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leader_daily_figure_district_id'))
        batch_op.drop_index('ix_leader_daily_figure_indicator_day')
    op.drop_table('leader_daily_figure')
