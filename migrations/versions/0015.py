"""Joins the branches of issue 14: the list indexes (0013) and the letter scan / extension
request (0013_letter_scan, 0014_extension_request).

Revision ID: 0015
Revises: 0013, 0014_extension_request
"""
revision = "0015"
down_revision = ("0013", "0014_extension_request")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
