"""hotline near-duplicate index (table-backed MinHash LSH), clusters and repeat links

Revision ID: 0021_clusters
Revises: 0020_merge
"""
from alembic import op
import sqlalchemy as sa


revision = '0021_clusters'
down_revision = '0020_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hotline_cluster',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_order_id', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('alerted_step', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['first_order_id'], ['hotline_order.id'], name=op.f('fk_hotline_cluster_first_order_id_hotline_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotline_cluster'))
    )
    op.create_table('hotline_lsh_signature',
    sa.Column('order_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.Column('grams', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cluster_id'], ['hotline_cluster.id'], name=op.f('fk_hotline_lsh_signature_cluster_id_hotline_cluster')),
    sa.ForeignKeyConstraint(['order_id'], ['hotline_order.id'], name=op.f('fk_hotline_lsh_signature_order_id_hotline_order')),
    sa.PrimaryKeyConstraint('order_id', name=op.f('pk_hotline_lsh_signature'))
    )
    with op.batch_alter_table('hotline_lsh_signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hotline_lsh_signature_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hotline_lsh_signature_created_at'), ['created_at'], unique=False)

    op.create_table('hotline_lsh_band',
    sa.Column('order_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('band_no', sa.SmallInteger(), autoincrement=False, nullable=False),
    sa.Column('band_hash', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['hotline_order.id'], name=op.f('fk_hotline_lsh_band_order_id_hotline_order')),
    sa.PrimaryKeyConstraint('order_id', 'band_no', name=op.f('pk_hotline_lsh_band'))
    )
    with op.batch_alter_table('hotline_lsh_band', schema=None) as batch_op:
        batch_op.create_index('ix_hotline_lsh_band_lookup', ['band_hash', 'created_at'], unique=False)

    op.create_table('hotline_repeat_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('earlier_id', sa.Integer(), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=False),
    sa.Column('nothing_new', sa.Boolean(), nullable=False),
    sa.Column('stage', sa.String(length=10), nullable=False),
    sa.Column('found_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['earlier_id'], ['hotline_order.id'], name=op.f('fk_hotline_repeat_link_earlier_id_hotline_order')),
    sa.ForeignKeyConstraint(['order_id'], ['hotline_order.id'], name=op.f('fk_hotline_repeat_link_order_id_hotline_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hotline_repeat_link')),
    sa.UniqueConstraint('order_id', 'earlier_id', name='uq_hotline_repeat_link')
    )
    with op.batch_alter_table('hotline_repeat_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hotline_repeat_link_order_id'), ['order_id'], unique=False)


def downgrade():
    op.drop_table('hotline_repeat_link')
    op.drop_table('hotline_lsh_band')
    op.drop_table('hotline_lsh_signature')
    op.drop_table('hotline_cluster')
