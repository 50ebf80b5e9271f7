"""Joins the partner API (0021_api) and the data exchange (0021_exchange).

Revision ID: 0022_api_exchange
Revises: 0021_api, 0021_exchange
"""
revision = "0022_api_exchange"
down_revision = ("0021_api", "0021_exchange")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
