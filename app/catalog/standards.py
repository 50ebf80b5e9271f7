"""Supervision standards (监管操作规程, LNK-1; CAT-5): the eleven elements and the fourteen
articles of the 000 template, revised as drafts and published; every revision is kept."""
from sqlalchemy import func, select

from ..core import audit, clock
from ..core.errors import ConcurrentEdit, DomainError, PermissionDenied
from ..extensions import db
from .models import (PROCEDURE_ARTICLES, STANDARD_ELEMENTS, ServiceItem, StandardRevision,
                     StandardStatus, SupervisionStandard)

STANDARD_ROLES = ("supervisor", "admin")


def standard_for(code: str) -> SupervisionStandard | None:
    return db.session.scalar(select(SupervisionStandard).where(SupervisionStandard.item_code == code))


def may_edit_standard(user, item: ServiceItem) -> bool:
    """Each supervision office edits the standards of its own items (LNK-1)."""
    return (user.has_any_role(STANDARD_ROLES) and item.supervision_office_id is not None
            and user.office_id == item.supervision_office_id)


def save_draft(actor, item: ServiceItem, elements: dict, articles: list[str], change_note: str,
               *, expected_version: int | None = None, now=None) -> StandardRevision:
    now = now or clock.now()
    if not may_edit_standard(actor, item):
        raise PermissionDenied("只有该事项的监管处室可以编制其监管标准。")
    missing = [label for key, label in STANDARD_ELEMENTS if not (elements.get(key) or "").strip()]
    if missing:
        raise DomainError("监管标准要素不完整：" + "、".join(missing) + "。", field=_key_of(missing[0]))
    if len(articles) != len(PROCEDURE_ARTICLES):
        raise DomainError("操作规程须包含十四条。", field="articles")
    standard = standard_for(item.code)
    if standard is None:
        standard = SupervisionStandard(item_code=item.code, supervision_office_id=item.supervision_office_id)
        db.session.add(standard)
        db.session.flush()
    standard.supervision_office_id = item.supervision_office_id  # follows the current catalog
    draft = standard.draft
    if draft is None:
        number = (db.session.scalar(select(func.max(StandardRevision.number))
                                    .where(StandardRevision.standard_id == standard.id)) or 0) + 1
        draft = StandardRevision(standard=standard, number=number, status=StandardStatus.DRAFT)
        db.session.add(draft)
    elif expected_version is not None and draft.version != expected_version:
        raise ConcurrentEdit()
    before = {"elements": draft.elements, "articles": draft.articles} if draft.id else None
    draft.elements = {key: elements[key].strip() for key, _ in STANDARD_ELEMENTS}
    draft.articles = [a.strip() for a in articles]
    draft.change_note = change_note.strip()
    draft.edited_at = now
    draft.edited_by_id = actor.id
    db.session.flush()
    audit.record("standard.save", subject=draft, actor=actor, before=before,
                 after={"item": item.code, "number": draft.number, "note": draft.change_note})
    return draft


def publish(actor, item: ServiceItem, *, now=None) -> StandardRevision:
    now = now or clock.now()
    if not may_edit_standard(actor, item):
        raise PermissionDenied("只有该事项的监管处室可以发布其监管标准。")
    standard = standard_for(item.code)
    draft = standard.draft if standard else None
    if draft is None:
        raise DomainError("没有待发布的监管标准修订稿。")
    previous = standard.published
    if previous is not None:
        previous.status = StandardStatus.SUPERSEDED
        db.session.flush()
    draft.status = StandardStatus.PUBLISHED
    draft.published_at = now
    db.session.flush()
    audit.record("standard.publish", subject=draft, actor=actor,
                 before={"number": previous.number} if previous else None,
                 after={"item": item.code, "number": draft.number})
    return draft


def _key_of(label: str) -> str:
    return next(key for key, text in STANDARD_ELEMENTS if text == label)


def published_standards() -> list[tuple[SupervisionStandard, StandardRevision]]:
    """The published standards (LNK-1 publication), by item code."""
    rows = db.session.scalars(select(StandardRevision).join(SupervisionStandard)
                              .where(StandardRevision.status == StandardStatus.PUBLISHED)
                              .order_by(SupervisionStandard.item_code))
    return [(r.standard, r) for r in rows]
