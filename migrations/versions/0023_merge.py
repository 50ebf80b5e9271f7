"""Joins the branches of the leaders' view, the interfaces and the hotline's last parts: hotline
clusters (0021_clusters), hotline follow-up II (0021_hot2), ledgers (0021_ledgers), leaders and
rankings (0021_leaders → 0021_rankings), analysis reports (0021_reports), sealed secrets
(0021_sealed), the API and the platform exchange (0022_api_exchange).

Revision ID: 0023_merge
Revises: 0021_clusters, 0021_hot2, 0021_ledgers, 0021_rankings, 0021_reports, 0021_sealed, 0022_api_exchange
"""
revision = "0023_merge"
down_revision = ("0021_clusters", "0021_hot2", "0021_ledgers", "0021_rankings", "0021_reports",
                 "0021_sealed", "0022_api_exchange")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
