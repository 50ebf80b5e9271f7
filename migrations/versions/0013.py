"""Lists at a city's volume (issue 14 §3): composite indexes for the office lists read page by
page, the deadline index the 我的待办 list walks in due order, and on PostgreSQL a pg_trgm
index for the party name search.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_commitment_case_office_id_id", "commitment_case", ["office_id", "id"]),
    ("ix_commitment_case_office_state_id", "commitment_case", ["office_id", "state", "id"]),
    ("ix_commitment_case_office_due", "commitment_case", ["office_id", "materials_due", "id"]),
    ("ix_credit_record_office_id_id", "credit_record", ["office_id", "id"]),
    ("ix_credit_record_office_state_id", "credit_record", ["office_id", "state", "id"]),
    ("ix_supervision_task_office_pushed", "supervision_task", ["office_id", "pushed_at", "id"]),
    ("ix_supervision_task_office_state_pushed", "supervision_task",
     ["office_id", "state", "pushed_at", "id"]),
    ("ix_supervision_task_office_state_rectify", "supervision_task",
     ["office_id", "state", "rectification_due"]),  # 整改期满待处理
    ("ix_deadline_subject_due", "deadline", ["subject_type", "due_at", "id"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # The extension may live in another schema than this one's search_path (e.g. a second
        # schema of the same database): name its operator class with its schema.
        schema = op.get_bind().scalar(sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"))
        op.execute(f'CREATE INDEX ix_party_name_trgm ON party USING gin (name "{schema}".gin_trgm_ops)')


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_party_name_trgm")
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
