"""Jobs Redis could not take are kept in the database until it is back (issue 15 §9).

Revision ID: 0016_robust
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_robust"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pending_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("queue", sa.String(length=20), nullable=False),
        sa.Column("func", sa.String(length=200), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("kwargs", sa.JSON(), nullable=False),
        sa.Column("retry_intervals", sa.JSON(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_job")),
    )


def downgrade():
    op.drop_table("pending_job")
