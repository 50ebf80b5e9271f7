"""The 20-wd extension of the materials deadline as request → decision (CMT-4, issue 14 §6):
when the party's written request was registered and by whom, the legal representative's
decision (granted / refused) with its reason and date.

Revision ID: 0014_extension_request
Revises: 0013_letter_scan
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_extension_request"
down_revision = "0013_letter_scan"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("commitment_case") as batch:
        batch.add_column(sa.Column("extension_requested_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("extension_requested_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("extension_decided_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("extension_decision", sa.String(length=20), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("extension_decision_reason", sa.Text(), nullable=False,
                                   server_default=""))
        batch.create_foreign_key("fk_commitment_case_extension_requested_by", "user",
                                 ["extension_requested_by_id"], ["id"])
    # Extensions granted before: the request and the decision were one act.
    op.execute("UPDATE commitment_case SET extension_requested_at = extended_at, "
               "extension_requested_by_id = extended_by_id, extension_decided_at = extended_at, "
               "extension_decision = 'granted' WHERE extended_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table("commitment_case") as batch:
        batch.drop_constraint("fk_commitment_case_extension_requested_by", type_="foreignkey")
        for column in ("extension_decision_reason", "extension_decision", "extension_decided_at",
                       "extension_requested_by_id", "extension_requested_at"):
            batch.drop_column(column)
