"""documents: gap-free number counters, issued documents, print batches (DOC-1)

Revision ID: 0005
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_number_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name=op.f("fk_document_number_counter_office_id_office")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_number_counter")),
        sa.UniqueConstraint("kind", "office_id", "year", name=op.f("uq_document_number_counter_kind")),
    )
    op.create_table(
        "issued_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=True),
        sa.Column("subject_type", sa.String(length=60), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name=op.f("fk_issued_document_office_id_office")),
        sa.ForeignKeyConstraint(["issued_by_id"], ["user.id"], name=op.f("fk_issued_document_issued_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_document")),
    )
    with op.batch_alter_table("issued_document") as batch_op:
        batch_op.create_index("ix_issued_document_subject", ["subject_type", "subject_id"])
        batch_op.create_index(batch_op.f("ix_issued_document_kind"), ["kind"])
        batch_op.create_index(batch_op.f("ix_issued_document_number"), ["number"])
        batch_op.create_index(batch_op.f("ix_issued_document_office_id"), ["office_id"])
    op.create_table(
        "print_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("state", sa.Enum("queued", "running", "done", "failed", name="batchstate", native_enum=False, length=10), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name=op.f("fk_print_batch_office_id_office")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["user.id"], name=op.f("fk_print_batch_requested_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_batch")),
    )
    with op.batch_alter_table("print_batch") as batch_op:
        batch_op.create_index(batch_op.f("ix_print_batch_office_id"), ["office_id"])


def downgrade():
    op.drop_table("print_batch")
    op.drop_table("issued_document")
    op.drop_table("document_number_counter")
