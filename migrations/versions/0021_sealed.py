"""TOTP secrets sealed (AES-256-GCM with FIELD_ENCRYPTION_KEY)

Revision ID: 0021_sealed
Revises: 0020_merge
Create Date: 2026-12-03 13:10:00

"""
from alembic import op
import sqlalchemy as sa

from app.core.sealed import is_sealed, seal, unseal

revision = '0021_sealed'
down_revision = '0020_merge'
branch_labels = None
depends_on = None

PURPOSE = "user.totp_secret"


def _rows(bind):
    return bind.execute(sa.text('SELECT id, totp_secret FROM "user" WHERE totp_secret <> \'\'')).all()


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # SQLite does not enforce VARCHAR lengths
        op.alter_column("user", "totp_secret", type_=sa.String(255), existing_nullable=False)
    for row_id, stored in _rows(bind):
        if not is_sealed(stored):
            bind.execute(sa.text('UPDATE "user" SET totp_secret = :v WHERE id = :id'),
                         {"v": seal(stored, PURPOSE), "id": row_id})


def downgrade():
    bind = op.get_bind()
    for row_id, stored in _rows(bind):
        bind.execute(sa.text('UPDATE "user" SET totp_secret = :v WHERE id = :id'),
                     {"v": unseal(stored, PURPOSE), "id": row_id})
    if bind.dialect.name == "postgresql":
        op.alter_column("user", "totp_secret", type_=sa.String(64), existing_nullable=False)
