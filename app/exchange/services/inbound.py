"""The city 12345 platform's inbound messages (issue 24 §2, §5): strict validation with the
failing field named (a 4xx, never a 500), storage in the inbox, idempotency by the platform's
message id, and the order of versions per platform order number.

Versions: every message of one platform order carries the platform's version, 1 for the new
order, then one more per change. A message is applied only when it is the next version after
the last applied one. An older or equal version is recorded as stale and not applied (the
platform resent something we already have, or a later change overtook it). A version past the
next one waits (state 等待前序版本) and is applied as soon as the missing versions arrive —
the processor re-reads the waiting messages of the order after each applied one, in version
order, so updates that overtake each other on the network end up applied in the platform's
order. Waiting messages stay visible on the centre's exchange page."""
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...core import clock
from ...extensions import db
from ...hotline.models import LABELS, OrderChannel, OrderType, Urgency
from ..models import InboundKind, InboundMessage, InboundState

MESSAGE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
ORDER_NO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
UNIT_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
LEVELS = ("satisfied", "basic", "dissatisfied")
MAX_TEXT = 4000


class Invalid(Exception):
    """A malformed message: `field` is the JSON path of the first wrong field."""

    def __init__(self, field: str, message: str, status: int = 422):
        super().__init__(message)
        self.field, self.message, self.status = field, message, status

    def body(self) -> dict:
        return {"error": "invalid", "field": self.field, "message": self.message}


def _text(obj: dict, name: str, path: str, *, required: bool = True, limit: int = 200,
          pattern: re.Pattern | None = None) -> str:
    value = obj.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(path, "应为字符串。")
    value = value.strip()
    if "\x00" in value:
        raise Invalid(path, "含有不允许的字符。")
    if required and not value:
        raise Invalid(path, "必填。")
    if len(value) > limit:
        raise Invalid(path, f"长度不能超过{limit}个字符。")
    if value and pattern is not None and not pattern.match(value):
        raise Invalid(path, "格式不正确。")
    return value


def _choice(obj: dict, name: str, path: str, allowed, *, default: str | None = None) -> str:
    value = obj.get(name, default)
    if value is None or value == "":
        if default is not None:
            return default
        raise Invalid(path, "必填。")
    if not isinstance(value, str) or value not in allowed:
        raise Invalid(path, "取值不在允许范围内：" + "、".join(allowed) + "。")
    return value


def _bool(obj: dict, name: str, path: str, default: bool) -> bool:
    value = obj.get(name, default)
    if not isinstance(value, bool):
        raise Invalid(path, "应为 true 或 false。")
    return value


def _section(data: dict, name: str) -> dict:
    section = data.get(name)
    if not isinstance(section, dict):
        raise Invalid(name, "缺少该对象或格式不正确。")
    return section


def _order(section: dict) -> dict:
    labels = section.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise Invalid("order.labels", "应为字符串数组。")
    if any(x not in LABELS for x in labels):
        raise Invalid("order.labels", "标签不在规定范围内。")
    anonymous = _bool(section, "anonymous", "order.anonymous", False)
    return {
        "channel": _choice(section, "channel", "order.channel", [c.value for c in OrderChannel]),
        "order_type": _choice(section, "order_type", "order.order_type", [t.value for t in OrderType]),
        "urgency": _choice(section, "urgency", "order.urgency", [u.value for u in Urgency], default="normal"),
        "text": _text(section, "text", "order.text", limit=MAX_TEXT),
        "title": _text(section, "title", "order.title", required=False, limit=100),
        "location": _text(section, "location", "order.location", required=False),
        "requester_name": _text(section, "requester_name", "order.requester_name", required=not anonymous, limit=60),
        "requester_phone": _text(section, "requester_phone", "order.requester_phone", required=not anonymous, limit=20),
        "anonymous": anonymous,
        "callback_consent": _bool(section, "callback_consent", "order.callback_consent", True),
        "labels": labels,
        "unit_code": _text(section, "unit_code", "order.unit_code", required=False, limit=40, pattern=UNIT_CODE),
    }


def _rating(section: dict, path: str) -> dict:
    return {"level": _choice(section, "level", f"{path}.level", LEVELS),
            "comment": _text(section, "comment", f"{path}.comment", required=False, limit=500)}


def validate(data) -> dict:
    """The message reduced to the fields we use, or Invalid naming the first wrong field."""
    if not isinstance(data, dict):
        raise Invalid("body", "请求体应为 JSON 对象。", status=400)
    kind = _choice(data, "kind", "kind", [k.value for k in InboundKind])
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 1_000_000:
        raise Invalid("version", "应为1至1000000的整数。")
    if kind == InboundKind.ORDER.value and version != 1:
        raise Invalid("version", "新工单的版本号应为1。")
    clean = {"message_id": _text(data, "message_id", "message_id", limit=64, pattern=MESSAGE_ID),
             "order_no": _text(data, "order_no", "order_no", limit=40, pattern=ORDER_NO),
             "kind": kind, "version": version}
    if kind == InboundKind.ORDER.value:
        clean["order"] = _order(_section(data, "order"))
    elif kind == InboundKind.DISPATCH.value:
        section = _section(data, "dispatch")
        clean["dispatch"] = {"unit_code": _text(section, "unit_code", "dispatch.unit_code", limit=40, pattern=UNIT_CODE)}
    else:
        clean[kind] = _rating(_section(data, kind), kind)
    return clean


@dataclass
class Receipt:
    inbound_id: int
    state: str
    duplicate: bool

    def body(self) -> dict:
        return {"accepted": True, "id": self.inbound_id, "state": self.state, "duplicate": self.duplicate}


def receive(data, *, now: datetime | None = None) -> Receipt:
    """Validate and store one message (the caller commits). The same message id again returns
    the first receipt and creates nothing; the same id with other content is a 409."""
    clean = validate(data)
    existing = db.session.scalar(select(InboundMessage).where(InboundMessage.message_id == clean["message_id"]))
    if existing is not None:
        return _duplicate(existing, clean)
    row = InboundMessage(message_id=clean["message_id"], platform_order_no=clean["order_no"],
                         kind=InboundKind(clean["kind"]), version=clean["version"], payload=clean,
                         received_at=now or clock.now(), state=InboundState.RECEIVED)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # the same message arrived concurrently on another worker
        existing = db.session.scalar(select(InboundMessage).where(InboundMessage.message_id == clean["message_id"]))
        return _duplicate(existing, clean)
    return Receipt(row.id, row.state.value, False)


def _duplicate(existing: InboundMessage, clean: dict) -> Receipt:
    if existing.payload != clean:
        raise Invalid("message_id", "该消息编号已用于内容不同的消息。", status=409)
    return Receipt(existing.id, existing.state.value, True)


def pending_ids(limit: int = 500) -> list[int]:
    return list(db.session.scalars(select(InboundMessage.id).where(InboundMessage.state == InboundState.RECEIVED)
                                   .order_by(InboundMessage.id).limit(limit)))
