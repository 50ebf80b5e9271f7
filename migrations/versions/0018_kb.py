"""Knowledge base (issue 18): hotline I's simple article table becomes the KB article table
(renamed, widened; ids kept, so orders citing an article still do), themes, versions, monthly
filings, and the full-text index: a tsvector column with a GIN index on PostgreSQL, an FTS5
table kept by triggers on SQLite, both over the text segmented at write time.

Revision ID: 0018_kb
Revises: 0017_merge
"""
import sqlalchemy as sa
from alembic import op

from app.knowledge import segment

revision = "0018_kb"
down_revision = "0017_merge"
branch_labels = None
depends_on = None

UTC = sa.DateTime()

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE kb_article_fts USING fts5(search_title, search_body, "
    "content='kb_article', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER kb_article_ai AFTER INSERT ON kb_article BEGIN INSERT INTO kb_article_fts"
    "(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body); END",
    "CREATE TRIGGER kb_article_ad AFTER DELETE ON kb_article BEGIN INSERT INTO kb_article_fts"
    "(kb_article_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, "
    "old.search_body); END",
    "CREATE TRIGGER kb_article_au AFTER UPDATE ON kb_article BEGIN INSERT INTO kb_article_fts"
    "(kb_article_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, "
    "old.search_body); INSERT INTO kb_article_fts(rowid, search_title, search_body) "
    "VALUES (new.id, new.search_title, new.search_body); END",
]
PG_FTS = [
    "ALTER TABLE kb_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple', coalesce(search_title, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(search_body, '')), 'B')) STORED",
    "CREATE INDEX ix_kb_article_search ON kb_article USING gin (search_vector)",
]


def upgrade():
    op.create_table(
        "kb_theme",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("kb_theme.id")),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
    )
    op.rename_table("hotline_kb_article", "kb_article")
    with op.batch_alter_table("kb_article") as batch:
        batch.add_column(sa.Column("status", sa.String(10), nullable=False, server_default="published"))
        batch.add_column(sa.Column("theme_id", sa.Integer(), sa.ForeignKey("kb_theme.id", name="fk_kb_article_theme")))
        batch.add_column(sa.Column("maintainer_id", sa.Integer(), sa.ForeignKey("user.id", name="fk_kb_article_maintainer")))
        batch.add_column(sa.Column("source", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("effective_from", sa.Date()))
        batch.add_column(sa.Column("expires_on", sa.Date()))
        batch.add_column(sa.Column("release_on", sa.Date()))
        batch.add_column(sa.Column("published_at", UTC))
        batch.add_column(sa.Column("updated_at", UTC))
        batch.add_column(sa.Column("stale_reason", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("search_title", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("search_body", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE kb_article SET status = 'withdrawn' WHERE active = :no"), {"no": False})
    with op.batch_alter_table("kb_article") as batch:
        batch.drop_column("active")
    rows = conn.execute(sa.text("SELECT id, title, keywords, body FROM kb_article")).all()
    for row in rows:  # HOT-20: the existing rows segmented as new ones will be
        conn.execute(sa.text("UPDATE kb_article SET search_title = :t, search_body = :b WHERE id = :id"),
                     {"t": segment.segmented(f"{row.title} {row.keywords or ''}"),
                      "b": segment.segmented(row.body), "id": row.id})
    op.create_index("ix_kb_article_owner", "kb_article", ["owner_unit_id", "status"])
    for statement in (PG_FTS if conn.dialect.name == "postgresql" else SQLITE_FTS):
        conn.execute(sa.text(statement))
    if conn.dialect.name != "postgresql":
        conn.execute(sa.text("INSERT INTO kb_article_fts(kb_article_fts) VALUES ('rebuild')"))
    op.create_table(
        "kb_article_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("kb_article.id"), nullable=False, index=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("keywords", sa.String(200), nullable=False, server_default=""),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False, server_default=""),
        sa.Column("effective_from", sa.Date()),
        sa.Column("expires_on", sa.Date()),
        sa.Column("editor_id", sa.Integer(), sa.ForeignKey("user.id")),
        sa.Column("created_at", UTC, nullable=False),
        sa.UniqueConstraint("article_id", "number"),
    )
    op.create_table(
        "kb_filing",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("office.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False, server_default=""),
        sa.Column("no_changes", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("filed_at", UTC),
        sa.Column("filed_by_id", sa.Integer(), sa.ForeignKey("user.id")),
        sa.Column("on_time", sa.Boolean()),
        sa.UniqueConstraint("unit_id", "kind", "period"),
    )


def downgrade():
    op.drop_table("kb_filing")
    op.drop_table("kb_article_version")
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.drop_index("ix_kb_article_search", "kb_article")
        op.drop_column("kb_article", "search_vector")
    else:
        for name in ("kb_article_ai", "kb_article_ad", "kb_article_au"):
            conn.execute(sa.text(f"DROP TRIGGER {name}"))
        conn.execute(sa.text("DROP TABLE kb_article_fts"))
    op.drop_index("ix_kb_article_owner", "kb_article")
    with op.batch_alter_table("kb_article") as batch:
        batch.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    conn.execute(sa.text("UPDATE kb_article SET active = (status = 'published')"))
    with op.batch_alter_table("kb_article") as batch:
        for name in ("status", "theme_id", "maintainer_id", "source", "effective_from", "expires_on",
                     "release_on", "published_at", "updated_at", "stale_reason", "search_title",
                     "search_body", "version"):
            batch.drop_column(name)
    op.drop_table("kb_theme")
    op.rename_table("kb_article", "hotline_kb_article")
