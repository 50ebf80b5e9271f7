"""Issued official documents: rendered once, stored (bytes + sha256), never re-rendered."""
import enum
import hashlib
from datetime import datetime

from flask import current_app
from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Office, User
from ..core import numbering  # noqa: F401 (the counter table lives in core)
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class IssuedDocument(db.Model):
    __tablename__ = "issued_document"
    __table_args__ = (Index("ix_issued_document_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    number: Mapped[str | None] = mapped_column(String(80), index=True)  # 发文字号, if numbered
    subject_type: Mapped[str] = mapped_column(String(60))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)  # issuing office
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False, deferred=True)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)

    office: Mapped[Office] = relationship()
    issued_by: Mapped[User | None] = relationship()

    @property
    def filename(self) -> str:
        """撤销行政许可决定书-津撤决〔2026〕12号.pdf; unnumbered: title and party (or date)."""
        if self.number:
            return f"{self.title}-{self.number}.pdf"
        party = self.party_name()
        if party:
            return f"{self.title}-{party}.pdf"
        from ..core import clock

        day = clock.to_local(self.issued_at) if self.issued_at else None
        return f"{self.title}-{day.year}年{day.month}月{day.day}日.pdf" if day else f"{self.title}.pdf"

    @property
    def ascii_filename(self) -> str:
        return f"{self.kind}-{self.number_digits or self.id}.pdf"

    @property
    def number_digits(self) -> str:
        import re

        return "-".join(re.findall(r"\d+", self.number or ""))

    def subject(self):
        """The object the document was issued for (a case, an objection …), or None."""
        if not self.subject_type or self.subject_id is None:
            return None
        for mapper in db.Model.registry.mappers:
            if getattr(mapper.class_, "__tablename__", None) == self.subject_type:
                return db.session.get(mapper.class_, self.subject_id)
        return None

    def party_name(self) -> str:
        subject = self.subject()
        party = getattr(subject, "party", None) or getattr(getattr(subject, "record", None), "party", None)
        return getattr(party, "name", "") or ""

    def content_intact(self) -> bool:
        return hashlib.sha256(self.content).hexdigest() == self.sha256

    def can_view(self, user) -> bool:
        """The issuing office, plus whoever the kind's registered policy admits."""
        if not getattr(user, "is_authenticated", False):
            return False
        if user.office_id == self.office_id:
            return True
        policy = current_app.extensions.get("document_viewers", {}).get(self.kind)
        return bool(policy and policy(user, self))


@event.listens_for(IssuedDocument, "before_update")
def _issued_documents_are_immutable(mapper, connection, target):
    raise RuntimeError("已印发的公文不能修改")


def register_viewer(app, kind: str, policy) -> None:
    """policy(user, document) -> bool: who besides the issuing office may download `kind`."""
    app.extensions.setdefault("document_viewers", {})[kind] = policy


class BatchState(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"queued": "等待后台任务", "running": "正在合并", "done": "已完成", "failed": "失败"}[self.value]


class PrintBatch(db.Model):
    """A batch print: several issued documents merged into one PDF on the `documents` queue.
    The row is the job's status record that the progress fragment polls."""

    __tablename__ = "print_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    document_ids: Mapped[list] = mapped_column(JSON)
    total: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[BatchState] = mapped_column(enum_column(BatchState, 10), default=BatchState.QUEUED)
    error: Mapped[str] = mapped_column(String(500), default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def percent(self) -> int:
        return 100 if self.state == BatchState.DONE else int(100 * self.done / max(self.total, 1))

    @property
    def finished(self) -> bool:
        return self.state in (BatchState.DONE, BatchState.FAILED)

    def can_view(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and user.id == self.requested_by_id
