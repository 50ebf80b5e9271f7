"""Joins the branches of issues 15–23: robustness and operations (0016_robust, 0016_ops), nearby
handling and feedback (0017_nearby), the knowledge base (0018_kb), reviews (0018_reviews) and the
hotline follow-up with re-handling and 督办 (0019_duban).

Revision ID: 0020_merge
Revises: 0016_ops, 0016_robust, 0017_nearby, 0018_kb, 0018_reviews, 0019_duban
"""
revision = "0020_merge"
down_revision = ("0016_ops", "0016_robust", "0017_nearby", "0018_kb", "0018_reviews", "0019_duban")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
