"""A cluster's members in time order: (cluster_id, created_at, order_id) replaces the index on
cluster_id alone. Looking up a large cluster's first order used to walk the created_at index of
the whole signature table (0.27 s at 1,000,000 orders, on every order joining the cluster).

Revision ID: 0024_cluster_members
Revises: 0023_merge
"""
from alembic import op

revision = "0024_cluster_members"
down_revision = "0023_merge"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("hotline_lsh_signature", schema=None) as batch_op:
        batch_op.create_index("ix_hotline_lsh_signature_cluster", ["cluster_id", "created_at", "order_id"], unique=False)
        batch_op.drop_index("ix_hotline_lsh_signature_cluster_id")


def downgrade():
    with op.batch_alter_table("hotline_lsh_signature", schema=None) as batch_op:
        batch_op.create_index("ix_hotline_lsh_signature_cluster_id", ["cluster_id"], unique=False)
        batch_op.drop_index("ix_hotline_lsh_signature_cluster")
