"""Issuing official documents (DOC-1): number, render once, store, audit."""
import hashlib
import io

from sqlalchemy import select

from ..core import audit, clock
from ..core.errors import DomainError
from ..core.numbering import NumberSeries, allocate
from ..extensions import db
from .models import BatchState, IssuedDocument, PrintBatch
from .pdf import render_pdf


def issue_document(kind: str, template: str, subject, number_series: NumberSeries | None, actor,
                   title: str, *, office=None, **context) -> IssuedDocument:
    """Render `template` once and store the PDF as issued by the actor's office.

    The number is taken in the caller's transaction, so if anything later fails and the request
    rolls back, the number is given back (no gaps). The stored bytes are what every download
    serves; the template is never rendered again for this document. `office` issues it when the
    system acts on its own (actor None, e.g. a revocation following a blacklisting)."""
    office = office if office is not None else actor.office
    office_id = office.id
    number = None
    if number_series is not None:
        _, number = allocate(number_series, office_id)
    now = clock.now()
    # 发文机关: the 委/局 (or 区人民政府) the issuing 处室 belongs to, not the 处室 itself
    context.setdefault("authority", office.issuing_authority().name)
    context.setdefault("issued_on", now)  # 成文日期; minutes carry their meeting's date
    pdf = render_pdf(template, number=number, title=title, subject=subject, **context)
    document = IssuedDocument(
        kind=kind,
        number=number,
        subject_type=subject.__tablename__ if subject is not None else "",
        subject_id=subject.id if subject is not None else None,
        office_id=office_id,
        title=title,
        content=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        issued_by_id=actor.id if actor is not None else None,
        issued_at=now,
    )
    db.session.add(document)
    db.session.flush()
    audit.record("document.issue", subject=document, actor=actor,
                 after={"kind": kind, "number": number, "title": title, "sha256": document.sha256,
                        "for": f"{document.subject_type}:{document.subject_id}"})
    return document


def issued_for(subject, kind: str | None = None) -> list[IssuedDocument]:
    query = select(IssuedDocument).where(
        IssuedDocument.subject_type == subject.__tablename__, IssuedDocument.subject_id == subject.id
    )
    if kind:
        query = query.where(IssuedDocument.kind == kind)
    return list(db.session.scalars(query.order_by(IssuedDocument.issued_at)))


def record_download(document: IssuedDocument, actor) -> bool:
    """Audit a download; False (and a failure entry) when the stored bytes no longer match."""
    intact = document.content_intact()
    audit.record("document.download", subject=document, actor=actor,
                 outcome="success" if intact else "failure",
                 reason="" if intact else "sha256 校验不一致")
    return intact


def record_batch_download(batch: PrintBatch, actor) -> None:
    """Issue 15 §13: the merged PDF of a batch is a download like any other, audited."""
    audit.record("document.batch_download", subject=batch, actor=actor,
                 after={"documents": list(batch.document_ids)})


MAX_BATCH = 200


def request_print_batch(actor, document_ids) -> PrintBatch:
    """Queue a batch print of issued documents the actor may view (merged from stored copies)."""
    ids = list(dict.fromkeys(int(i) for i in document_ids or ()))
    if not ids:
        raise DomainError("请至少选择一份公文。", field="document_ids")
    if len(ids) > MAX_BATCH:
        raise DomainError(f"一次最多合并打印 {MAX_BATCH} 份公文。", field="document_ids")
    found = {d.id: d for d in db.session.scalars(select(IssuedDocument).where(IssuedDocument.id.in_(ids)))}
    if len(found) != len(ids) or not all(d.can_view(actor) for d in found.values()):
        raise DomainError("所选公文不存在或您无权打印。", field="document_ids")
    batch = PrintBatch(office_id=actor.office_id, requested_by_id=actor.id, document_ids=ids, total=len(ids),
                       done=0, state=BatchState.QUEUED, error="", created_at=clock.now())
    db.session.add(batch)
    db.session.flush()
    audit.record("document.print_batch", subject=batch, actor=actor, after={"documents": ids})
    return batch


def merge_print_batch(batch: PrintBatch, progress=lambda: None) -> None:
    """Merge the stored copies in order; `progress()` is called after each document (the job
    commits there so the polling page moves). Idempotent: a finished batch is left alone."""
    from pypdf import PdfWriter

    if batch.finished:
        return
    batch.state, batch.done = BatchState.RUNNING, 0
    progress()
    writer = PdfWriter()
    for document_id in batch.document_ids:
        document = db.session.get(IssuedDocument, document_id)
        if document is None or not document.content_intact():
            batch.state, batch.finished_at = BatchState.FAILED, clock.now()
            batch.error = f"公文（编号 {document_id}）缺失或校验失败，未能合并。"
            return
        writer.append(io.BytesIO(document.content))
        batch.done += 1
        progress()
    out = io.BytesIO()
    writer.write(out)
    batch.content = out.getvalue()
    batch.state, batch.finished_at = BatchState.DONE, clock.now()
