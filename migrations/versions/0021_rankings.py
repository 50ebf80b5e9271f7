"""rankings: effective-dated weight sets, bulletins and on-demand bulletin requests (issue 22)

Revision ID: 0021_rankings
Revises: 0021_leaders
"""
from alembic import op
import sqlalchemy as sa


revision = '0021_rankings'
down_revision = '0021_leaders'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ranking_weight_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_ranking_weight_set_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ranking_weight_set')),
    sa.UniqueConstraint('version', name='uq_ranking_weight_set_version')
    )
    with op.batch_alter_table('ranking_weight_set', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ranking_weight_set_valid_from'), ['valid_from'], unique=False)

    op.create_table('ranking_weight',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('indicator_key', sa.String(length=60), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('direction', sa.Enum('higher', 'lower', name='direction', native_enum=False, length=10), nullable=False),
    sa.ForeignKeyConstraint(['set_id'], ['ranking_weight_set.id'], name=op.f('fk_ranking_weight_set_id_ranking_weight_set')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ranking_weight')),
    sa.UniqueConstraint('set_id', 'indicator_key', name=op.f('uq_ranking_weight_set_id'))
    )
    with op.batch_alter_table('ranking_weight', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ranking_weight_set_id'), ['set_id'], unique=False)

    op.create_table('ranking_bulletin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_kind', sa.String(length=10), nullable=False),
    sa.Column('period_key', sa.String(length=10), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('scheduled', sa.Boolean(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_ranking_bulletin_created_by_id_user')),
    sa.ForeignKeyConstraint(['district_id'], ['office.id'], name=op.f('fk_ranking_bulletin_district_id_office')),
    sa.ForeignKeyConstraint(['document_id'], ['issued_document.id'], name=op.f('fk_ranking_bulletin_document_id_issued_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ranking_bulletin')),
    sa.UniqueConstraint('period_kind', 'period_key', 'district_id', 'version', name='uq_ranking_bulletin_version')
    )
    with op.batch_alter_table('ranking_bulletin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ranking_bulletin_district_id'), ['district_id'], unique=False)

    op.create_table('ranking_bulletin_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('period_kind', sa.String(length=10), nullable=False),
    sa.Column('period_key', sa.String(length=10), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('queued', 'running', 'done', 'failed', name='batchstate', native_enum=False, length=10), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=300), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['bulletin_id'], ['ranking_bulletin.id'], name=op.f('fk_ranking_bulletin_request_bulletin_id_ranking_bulletin')),
    sa.ForeignKeyConstraint(['district_id'], ['office.id'], name=op.f('fk_ranking_bulletin_request_district_id_office')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_ranking_bulletin_request_requested_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ranking_bulletin_request'))
    )
    with op.batch_alter_table('ranking_bulletin_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ranking_bulletin_request_requested_by_id'), ['requested_by_id'], unique=False)


def downgrade():
    op.drop_table('ranking_bulletin_request')
    op.drop_table('ranking_bulletin')
    op.drop_table('ranking_weight')
    op.drop_table('ranking_weight_set')
