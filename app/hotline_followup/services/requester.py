"""The requester's view of an order (HOT-11, PUB): a signed link sent by SMS when the order is
completed, progress without internal names, and — after a 6-digit code sent to the order's
phone — the reply and the rating. An expired, altered or unknown link gets one answer, so the
page never tells whether an order exists."""
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, select

from ...core import audit, clock
from ...core.errors import DomainError
from ...extensions import db
from ...notify import codes
from ...hotline.models import OrderState, WorkOrder
from ...hotline.services import access
from ...hotline.services.common import tell_centre, tell_unit
from ...notify import outbox
from ...notify.models import Channel
from ..models import Rating, RatingSource, Satisfaction
from . import duban, rehandling
from .ratings import rate

SALT = "hotline-requester"
LINK_DAYS = 30
INVALID = "链接无效或已过期。如需查询办理情况，请拨打12345。"


class LinkInvalid(DomainError):
    pass


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(order: WorkOrder) -> str:
    return _serializer().dumps({"o": order.id, "t": int(clock.now().timestamp())})


def order_for(token: str) -> WorkOrder:
    """The order of a link; LinkInvalid (one message) when altered, expired or unknown."""
    try:
        data = _serializer().loads(token or "")
        order_id, issued = int(data["o"]), int(data["t"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise LinkInvalid(INVALID) from None
    days = current_app.config.get("HOTLINE_REQUESTER_LINK_DAYS", LINK_DAYS)
    if clock.now().timestamp() - issued > timedelta(days=days).total_seconds():
        raise LinkInvalid(INVALID)
    order = db.session.get(WorkOrder, order_id)
    if order is None or order.state != OrderState.COMPLETED:
        raise LinkInvalid(INVALID)
    return order


def link_path(order: WorkOrder) -> str:
    return f"/rexian/{token_for(order)}"


def send_link(sender, order: WorkOrder, **_) -> None:
    """On completion (hotline's order_completed signal): the link by SMS through the outbox."""
    if order.anonymous or not order.requester_phone:
        return
    base = current_app.config.get("PUBLIC_BASE_URL", "")
    outbox.queue(key=f"hotline:{order.id}:rate_link", channel=Channel.SMS, phone=order.requester_phone,
                 text=f"【天津12345】您反映的诉求（工单号{order.number}）已办结，查看办理结果并评价：{base}{link_path(order)}")


def progress(order: WorkOrder) -> list[tuple[str, object]]:
    """The steps the requester may see, with times; never a unit's or a person's name."""
    steps = (("已受理", order.created_at), ("已派单至承办单位", order.dispatched_at),
             ("承办单位已接单", order.accepted_at), ("已答复", order.replied_at), ("已办结", order.completed_at))
    return [(label, at) for label, at in steps if at is not None]


def _purpose(order: WorkOrder) -> str:
    return f"hotline:{order.id}"


def send_code(order: WorkOrder) -> None:
    codes.send_code(order.requester_phone, _purpose(order))


def verify(order: WorkOrder, code: str) -> None:
    codes.verify_code(order.requester_phone, _purpose(order), code)


def count_wrong_try(order: WorkOrder) -> None:
    codes.count_wrong_try(order.requester_phone, _purpose(order))


def requester_rating(order: WorkOrder) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.order_id == order.id,
                                                  Rating.source == RatingSource.REQUESTER))


def rate_as_requester(order: WorkOrder, level: str, comment: str, now=None) -> Rating:
    """HOT-11: one rating per order; the first 不满意 goes to the centre's queue."""
    if requester_rating(order) is not None:
        raise DomainError("您已评价过该工单。", field="level")
    first_dissatisfied = not db.session.scalar(select(exists().where(
        Rating.order_id == order.id, Rating.level == Satisfaction.DISSATISFIED)))
    rating = rate(order, level, comment, source=RatingSource.REQUESTER, now=now)
    duban.evaluate(order)  # HOT-14: a second 不满意 puts the order on the 督办 list
    if rating.level == Satisfaction.DISSATISFIED and first_dissatisfied:
        rating.needs_review = True
        tell_centre(order, f"hotline:{order.id}:dissatisfied",
                    f"工单{order.number}诉求人评价不满意，请研判是否退回重新办理。")
    return rating


def review_queue():
    """Query: first 不满意 ratings waiting for the centre (HOT-11), oldest first."""
    return select(Rating).where(Rating.needs_review.is_(True), Rating.review_outcome == "")


def review(user, rating: Rating, send_back: bool, note: str) -> Rating:
    """HOT-11: the centre sends the order back to the unit for re-handling, or keeps it."""
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核人员可以研判不满意评价。")
    if not rating.needs_review or rating.review_outcome:
        raise DomainError("该评价已研判。")
    note = (note or "").strip()
    if len(note) < 4:
        raise DomainError("请写明研判意见。", field="note")
    rating.review_outcome = "sent_back" if send_back else "kept"
    rating.review_note, rating.reviewed_by_id, rating.reviewed_at = note, user.id, clock.now()
    order = rating.order
    audit.record("hotline.sent_back" if send_back else "hotline.dissatisfaction_kept", subject=order,
                 actor=user, reason=note)
    if send_back:  # HOT-13: the re-handling record, answered to the centre
        rehandling.order_rehandling(order, user.office_id, "rating", rating.comment + "\n" + note, actor=user)
        tell_unit(order, f"hotline:{order.id}:sent_back:{rating.id}",
                  f"工单{order.number}诉求人不满意，中心退回重新办理：{note}")
    return rating
