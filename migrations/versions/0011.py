"""offices: the administrative-reconsideration body printed on their decisions (DOC-2);
joins the module branches into one head.

Revision ID: 0011
Revises: 0003, 0004, 0008, 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = ("0003", "0004", "0008", "0009")
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("reconsideration_body", sa.String(length=120), nullable=False,
                                   server_default=""))


def downgrade():
    with op.batch_alter_table("office") as batch:
        batch.drop_column("reconsideration_body")
