"""Issuing official documents (DOC-1): number, render once, store, audit."""
import hashlib

from ..core import audit, clock
from ..core.numbering import NumberSeries, allocate
from ..extensions import db
from .models import IssuedDocument
from .pdf import render_pdf


def issue_document(kind: str, template: str, subject, number_series: NumberSeries | None, actor,
                   title: str, **context) -> IssuedDocument:
    """Render `template` once and store the PDF as issued by the actor's office.

    The number is taken in the caller's transaction, so if anything later fails and the request
    rolls back, the number is given back (no gaps). The stored bytes are what every download
    serves; the template is never rendered again for this document."""
    office_id = actor.office_id
    number = None
    if number_series is not None:
        _, number = allocate(number_series, office_id)
    now = clock.now()
    context.setdefault("authority", actor.office.name)
    pdf = render_pdf(template, number=number, title=title, subject=subject, issued_on=now, **context)
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
        issued_by_id=actor.id,
        issued_at=now,
    )
    db.session.add(document)
    db.session.flush()
    audit.record("document.issue", subject=document, actor=actor,
                 after={"kind": kind, "number": number, "title": title, "sha256": document.sha256,
                        "for": f"{document.subject_type}:{document.subject_id}"})
    return document


def issued_for(subject, kind: str | None = None) -> list[IssuedDocument]:
    query = db.select(IssuedDocument).where(
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
