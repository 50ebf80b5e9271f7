"""The scanned commitment letter signed by both sides (CMT-2, issue 14 §6): a letter counts as
signed only once its scan (PDF or JPEG, checked by content) is uploaded.

Revision ID: 0013_letter_scan
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_letter_scan"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "commitment_letter_scan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("commitment_case.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
    )
    op.create_index("ix_commitment_letter_scan_case_id", "commitment_letter_scan", ["case_id"])


def downgrade():
    op.drop_index("ix_commitment_letter_scan_case_id", table_name="commitment_letter_scan")
    op.drop_table("commitment_letter_scan")
