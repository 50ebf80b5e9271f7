"""Commitment chain corrections (issue 13): deadline rule IDs (CAL-6), the day of the
commitment (CMT-4), revocation grounds (CMT-8), the reason for a second open case, the CMT-9
bar on credit records, and one 失信 record per act (CMT-6).

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# credit_ground (CRD-2) of cases revoked before grounds were recorded → the revocation ground
_BASIS_OF_CREDIT_GROUND = {"late_materials": "late", "materials_revoked": "rejected",
                           "supervision_violation": "supervision"}


def upgrade():
    with op.batch_alter_table("deadline") as batch:
        batch.add_column(sa.Column("rule", sa.String(length=20), nullable=False, server_default=""))
    with op.batch_alter_table("commitment_case") as batch:
        batch.add_column(sa.Column("committed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revocation_basis", sa.String(length=20), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("duplicate_reason", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE commitment_case SET committed_at = letter_signed_at "
               "WHERE letter_signed_at IS NOT NULL")
    for credit_ground, basis in _BASIS_OF_CREDIT_GROUND.items():
        op.execute(sa.text("UPDATE commitment_case SET revocation_basis = :basis "
                           "WHERE credit_ground = :ground AND state IN ('revoked', 'revocation_pending')")
                   .bindparams(basis=basis, ground=credit_ground))
    with op.batch_alter_table("credit_record") as batch:
        batch.add_column(sa.Column("bars_commitment", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.create_unique_constraint("uq_credit_record_act",
                                       ["party_id", "subject_type", "subject_id", "ground"])


def downgrade():
    with op.batch_alter_table("credit_record") as batch:
        batch.drop_constraint("uq_credit_record_act", type_="unique")
        batch.drop_column("bars_commitment")
    with op.batch_alter_table("commitment_case") as batch:
        batch.drop_column("duplicate_reason")
        batch.drop_column("revocation_basis")
        batch.drop_column("committed_at")
    with op.batch_alter_table("deadline") as batch:
        batch.drop_column("rule")
