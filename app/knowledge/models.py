"""Knowledge base (HOT-20, HOT-22): themes, articles with versions, monthly filings.

The article table is the one hotline I created as `hotline_kb_article`, renamed and widened by
migration 0018_kb, so existing rows and the orders citing them keep their ids."""
import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core.types import UTCDateTime
from ..extensions import db
from . import segment


class Status(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"draft": "草稿", "published": "已发布", "withdrawn": "已撤回"}[self.value]


class FilingKind(str, enum.Enum):
    KB = "kb"
    TRAINING = "training"

    @property
    def label(self) -> str:
        return {"kb": "知识库信息月报表", "training": "培训材料月报表"}[self.value]


class Theme(db.Model):
    """A node of the catalog (theme tree)."""
    __tablename__ = "kb_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("kb_theme.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped["Theme | None"] = relationship(remote_side=[id])

    @property
    def path(self) -> str:
        return f"{self.parent.path} / {self.name}" if self.parent else self.name


class Article(db.Model):
    __tablename__ = "kb_article"
    __table_args__ = (Index("ix_kb_article_owner", "owner_unit_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    keywords: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    # Rows written directly (hotline I's simple table, imports) are published; the services set
    # the status explicitly (a new article is a draft).
    status: Mapped[str] = mapped_column(String(10), default=Status.PUBLISHED.value)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("kb_theme.id"))
    maintainer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    source: Mapped[str] = mapped_column(String(200), default="")
    effective_from: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    release_on: Mapped[date | None] = mapped_column(Date)  # the policy's public release date
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stale_reason: Mapped[str] = mapped_column(String(200), default="")
    # Segmented at write time (see the mapper events below); both full-text backends index these.
    search_title: Mapped[str] = mapped_column(Text, default="")
    search_body: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    owner_unit: Mapped[Office | None] = relationship()
    theme: Mapped[Theme | None] = relationship()
    maintainer: Mapped[User | None] = relationship()

    @property
    def state(self) -> Status:
        return Status(self.status)

    @property
    def active(self) -> bool:
        return self.status == Status.PUBLISHED.value


@event.listens_for(Article, "before_insert")
@event.listens_for(Article, "before_update")
def _segment(mapper, connection, article: Article) -> None:
    """HOT-20: segment once, when written."""
    article.search_title = segment.segmented(f"{article.title} {article.keywords or ''}")
    article.search_body = segment.segmented(article.body)


class ArticleVersion(db.Model):
    """Each saved edit of an article, for its history and diffs."""
    __tablename__ = "kb_article_version"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("kb_article.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    keywords: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200), default="")
    effective_from: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    editor: Mapped[User | None] = relationship()


class Filing(db.Model):
    """One unit's monthly report (HOT-22): opened when due, filed by the unit."""
    __tablename__ = "kb_filing"
    __table_args__ = (UniqueConstraint("unit_id", "kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(7))  # the 考核月度, "YYYY-MM"
    due_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    no_changes: Mapped[bool] = mapped_column(Boolean, default=False)
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    on_time: Mapped[bool | None] = mapped_column(Boolean)

    unit: Mapped[Office] = relationship()

    @property
    def kind_label(self) -> str:
        return FilingKind(self.kind).label
