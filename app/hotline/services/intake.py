"""Intake by the hotline agent (HOT-1..3, HOT-15 basic): triage, the work order and its
number, suggestions from the knowledge base and the requester's earlier orders."""
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from ...core import clock, numbering
from ...core.errors import DomainError
from ...extensions import db
from ...knowledge.services import search
from ..models import (EMERGENCY_LINES, LABELS, LEGAL_ROUTES, KbArticle, OrderChannel, OrderState,
                      OrderType, Triage, Urgency, WorkOrder)
from ..events import order_recorded, order_text_changed
from . import access
from .common import centre_ids, log

NUMBER_KIND = "hotline_order"
PHONE = re.compile(r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$")


@dataclass
class IntakeData:
    channel: str
    order_type: str
    urgency: str
    text: str
    requester_name: str = ""
    requester_phone: str = ""
    anonymous: bool = False
    callback_consent: bool = True
    location: str = ""
    title: str = ""
    labels: list = field(default_factory=list)
    triage: str = Triage.WORK_ORDER.value
    triage_note: str = ""
    kb_article_id: int | None = None
    linked_order_id: int | None = None
    linked_number: str = ""
    legal_limit_workdays: int | None = None


def _validate(data: IntakeData) -> None:
    if data.linked_number and not data.linked_order_id:
        data.linked_order_id = db.session.scalar(select(WorkOrder.id).where(
            WorkOrder.number == data.linked_number.strip()))
    if len(data.text.strip()) < 5:
        raise DomainError("请记录诉求内容（至少5个字）。", field="text")
    if data.requester_phone and not PHONE.match(data.requester_phone.strip()):
        raise DomainError("联系电话格式不正确（手机号11位或带区号的固定电话）。", field="requester_phone")
    if not data.anonymous and not data.requester_name.strip():
        raise DomainError("请填写诉求人姓名，或勾选匿名。", field="requester_name")
    if not data.anonymous and not data.requester_phone.strip():
        raise DomainError("请填写联系电话，或勾选匿名。", field="requester_phone")
    if any(label not in LABELS for label in data.labels):
        raise DomainError("标签不在规定范围内。", field="labels")
    triage = Triage(data.triage)
    if triage == Triage.KB_ANSWER:  # HOT-3
        if data.order_type != OrderType.CONSULT.value:
            raise DomainError("只有咨询类诉求可以依据知识库直接答复。", field="triage")
        article = db.session.get(KbArticle, data.kb_article_id) if data.kb_article_id else None
        if article is None or not article.active:  # a published article only
            raise DomainError("请选择答复所依据的知识库条目。", field="kb_article_id")
    if triage == Triage.EMERGENCY and data.triage_note not in EMERGENCY_LINES:  # HOT-2
        raise DomainError("请选择转接的紧急热线（110、119或120）。", field="triage_note")
    if triage == Triage.LEGAL_ROUTE and data.triage_note not in LEGAL_ROUTES:
        raise DomainError("请选择告知诉求人的法定途径。", field="triage_note")
    if triage == Triage.LINKED and (not data.linked_order_id or
                                    db.session.get(WorkOrder, data.linked_order_id) is None):
        raise DomainError("请填写关联的既往工单编号（须为已有工单）。", field="linked_number")


def next_number(user, now) -> str:
    """One series per year for the city's hotline, kept by the centre's counter."""
    local = clock.to_local(now)
    centres = centre_ids()
    n = numbering.next_number(NUMBER_KIND, centres[0] if centres else user.office_id, local.year)
    return f"{local.year}{n:08d}"


def take(user, data: IntakeData, intake_key: str | None = None, *, now=None) -> tuple[WorkOrder, bool]:
    """Record a call; returns (order, created). The same intake_key twice (a double click, a
    resent form) returns the first order (idempotent)."""
    if intake_key:
        existing = db.session.scalar(select(WorkOrder).where(WorkOrder.intake_key == intake_key))
        if existing is not None:
            return existing, False
    _validate(data)
    now = now or clock.now()
    triage = Triage(data.triage)
    order = WorkOrder(
        number=next_number(user, now), intake_key=intake_key or None, channel=OrderChannel(data.channel),
        order_type=OrderType(data.order_type), urgency=Urgency(data.urgency),
        labels="、".join(data.labels), requester_name="" if data.anonymous else data.requester_name.strip(),
        requester_phone=data.requester_phone.strip(), anonymous=data.anonymous,
        callback_consent=data.callback_consent and not data.anonymous, location=data.location.strip(),
        title=(data.title.strip() or data.text.strip()[:30]), text=data.text.strip(), triage=triage,
        triage_note=data.triage_note, kb_article_id=data.kb_article_id if triage == Triage.KB_ANSWER else None,
        linked_order_id=data.linked_order_id if triage == Triage.LINKED else None,
        emergency=triage == Triage.EMERGENCY, legal_limit_workdays=data.legal_limit_workdays or None,
        state=OrderState.PENDING_DISPATCH if triage == Triage.WORK_ORDER else OrderState.CLOSED_AT_INTAKE,
        created_by_id=user.id, created_at=now,
        completed_at=None if triage == Triage.WORK_ORDER else now)
    db.session.add(order)
    db.session.flush()
    log(order, "hotline.intake", user, number=order.number, channel=order.channel.label,
        type=order.order_type.label, urgency=order.urgency.label)
    if triage != Triage.WORK_ORDER:
        log(order, "hotline.triaged", user, outcome=triage.label, note=_triage_note(order))
    order_recorded.send(order, order=order)  # HOT-15: the near-duplicate index, the repeats
    return order, True


def correct_text(user, order: WorkOrder, text: str, location: str, version: str | None = None) -> WorkOrder:
    """The centre corrects what was recorded before dispatch; the index follows (HOT-15)."""
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核（派单）人员可以更正诉求内容。")
    if order.state != OrderState.PENDING_DISPATCH:
        raise DomainError("工单已派出，不能再更正诉求内容。")
    if version and str(order.version) != str(version):
        raise DomainError("该工单已被他人修改，请刷新后重试。")
    if len(text.strip()) < 5:
        raise DomainError("请记录诉求内容（至少5个字）。", field="text")
    before = {"text": order.text, "location": order.location}
    order.text, order.location = text.strip(), location.strip()[:200]
    if before == {"text": order.text, "location": order.location}:
        return order
    db.session.flush()
    log(order, "hotline.text_corrected", user, **{k: getattr(order, k) for k in before})
    order_text_changed.send(order, order=order)
    return order


def _triage_note(order: WorkOrder) -> str:
    if order.triage == Triage.KB_ANSWER:
        return order.kb_article.title
    if order.triage == Triage.LINKED:
        return order.linked_order.number
    return order.triage_note


def _terms(text: str, limit: int = 16) -> list[str]:
    """Crude Chinese terms for suggestions: the character pairs of the text (no segmenter)."""
    text = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    pairs = [run[i:i + 2] for run in text.split() for i in range(len(run) - 1)]
    return [t for t in dict.fromkeys(pairs) if t not in STOP_PAIRS][:limit]


STOP_PAIRS = {"怎么", "什么", "我们", "你们", "他们", "请问", "要求", "反映", "问题", "一下", "没有", "可以"}


def suggest_articles(text: str, limit: int = 5) -> list[KbArticle]:
    """HOT-3: the knowledge base's best answers for what the caller says (any of its words)."""
    return [hit.article for hit in suggestions(text, limit)]


def suggestions(text: str, limit: int = 5) -> list[search.Hit]:
    return search.search(text, limit=limit, any_word=True)


RECENT_ORDERS = 20  # the suggestions weigh the caller's latest orders, not the whole history


def earlier_orders(phone: str, text: str, limit: int = 5) -> list[WorkOrder]:
    """HOT-15 basic: the same phone, newest first; those sharing a term with the text first."""
    if not phone or not PHONE.match(phone.strip()):
        return []
    rows = db.session.scalars(select(WorkOrder).where(WorkOrder.requester_phone == phone.strip())
                              .order_by(WorkOrder.id.desc()).limit(RECENT_ORDERS)).all()
    terms = _terms(text)
    rows.sort(key=lambda o: -sum(t in o.text for t in terms))
    return rows[:limit]
