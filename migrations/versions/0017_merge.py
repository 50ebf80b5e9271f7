"""Joins the first branches of the hall, hotline and security issues (19, 16, 15).

Revision ID: 0017_merge
Revises: 0016_auth, 0016_hall, 0016_hotline
"""
revision = "0017_merge"
down_revision = ("0016_auth", "0016_hall", "0016_hotline")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
