"""Ratings (REV-1): five levels, the categories a bad rating must pick, one rating per 办件 and
channel, edits kept as revisions, the rater hidden from the rated staff and unit."""
from datetime import datetime, timedelta

from blinker import Namespace
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ...core import audit, clock
from ...core.errors import DomainError
from ...extensions import db
from ...hall.models import DeviceKind, HallDevice, QueueTicket, TicketState
from ...matters.models import Matter, MatterState
from ...notify.models import Channel
from ...notify.outbox import queue
from ...parties.models import Party
from ..models import CATEGORIES, Level, Rating, RatingChannel, RatingRevision

# sender=rating, now=: a rating is bad (cases.py opens the case).
rating_bad = Namespace().signal("rating-bad")

LINK_SALT = "review-rate"
LINK_DAYS = 30        # the SMS link to the public rating page stays valid 30 days
PAD_MINUTES = 10      # the pad offers a finished 办件 for 10 minutes


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def link_token(matter: Matter) -> str:
    return _serializer().dumps({"m": matter.id})


def matter_for_link(token: str) -> Matter | None:
    try:
        data = _serializer().loads(token, max_age=LINK_DAYS * 86400)
    except (BadSignature, SignatureExpired):
        return None
    matter = db.session.get(Matter, data.get("m"))
    return matter if matter is not None and matter.state == MatterState.COMPLETED else None


def offer_link(matter: Matter, now: datetime | None = None, **_) -> None:
    """Receiver of matters' `matter_completed`: the party gets the rating link by SMS (NTF-1)."""
    party = db.session.get(Party, matter.party_id) if matter.party_id else None
    phone = party.phone if party is not None else ""
    if not phone:
        return
    path = f"/pingjia/{link_token(matter)}"
    queue(key=f"review:link:{matter.id}", channel=Channel.SMS, phone=phone, link=path,
          text=f"您办理的“{matter.item_name}”已办结，欢迎对本次服务进行评价：{path}")


def pad_matter(device: HallDevice, now: datetime | None = None) -> Matter | None:
    """The 办件 the pad's window finished last, within PAD_MINUTES and not yet rated on a pad."""
    now = now or clock.now()
    if device.kind != DeviceKind.PAD or device.window_id is None:
        return None
    ticket = db.session.scalar(select(QueueTicket).where(
        QueueTicket.window_id == device.window_id, QueueTicket.state == TicketState.DONE,
        QueueTicket.matter_id.is_not(None), QueueTicket.finished_at >= now - timedelta(minutes=PAD_MINUTES))
        .order_by(QueueTicket.finished_at.desc()).limit(1))
    if ticket is None or find(ticket.matter_id, RatingChannel.PAD) is not None:
        return None
    return db.session.get(Matter, ticket.matter_id)


def find(matter_id: int, channel) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.matter_id == matter_id,
                                                  Rating.channel == RatingChannel(channel)))


def _clean(level, categories, comment) -> tuple[Level, str, str]:
    try:
        level = Level(level)
    except ValueError:
        raise DomainError("请选择评价等级。", field="level") from None
    chosen = [c for c in CATEGORIES if c in (categories or [])]
    if level.is_bad and not chosen:
        raise DomainError("不满意的评价请至少选择一类问题。", field="categories")  # REV-1
    return level, ",".join(chosen if level.is_bad else []), (comment or "").strip()[:500]


def rate(matter: Matter, channel, *, level, categories=(), comment: str = "", rater_name: str = "",
         rater_phone: str = "", now: datetime | None = None) -> Rating:
    """One rating per 办件 and channel; a second one edits it and keeps the old as a revision."""
    now = now or clock.now()
    if matter.state != MatterState.COMPLETED:
        raise DomainError("该办件尚未办结，不能评价。")
    level, cats, comment = _clean(level, categories, comment)
    rating = find(matter.id, channel)
    was_bad = rating is not None and rating.level.is_bad
    if rating is None:
        rating = Rating(matter_id=matter.id, channel=RatingChannel(channel), created_at=now)
        db.session.add(rating)
    else:
        db.session.add(RatingRevision(rating_id=rating.id, level=rating.level,
                                      categories=rating.categories, comment=rating.comment,
                                      replaced_at=now))
    rating.level, rating.categories, rating.comment, rating.updated_at = level, cats, comment, now
    rating.rater_name = (rater_name or "").strip()[:60] or rating.rater_name
    rating.rater_phone = (rater_phone or "").strip()[:20] or rating.rater_phone
    db.session.flush()
    # The audit row names neither rater nor phone: the staff's unit may read the audit trail.
    audit.record("review.rated", subject=rating, actor=None,
                 after={"matter": matter.number, "channel": rating.channel.value,
                        "level": level.value, "categories": cats})
    if level.is_bad and not was_bad:
        rating_bad.send(rating, now=now)
    return rating


def revisions(rating: Rating) -> list[RatingRevision]:
    return list(db.session.scalars(select(RatingRevision).where(RatingRevision.rating_id == rating.id)
                                   .order_by(RatingRevision.id)))


def reveal_rater(rating: Rating, user, reason: str) -> dict:
    """Only the review office sees who rated; every look is logged with its reason (SEC-6)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写查看理由。", field="reason")
    audit.record("review.rater_revealed", subject=rating, actor=user, reason=reason)
    return {"name": rating.rater_name or "匿名", "phone": rating.rater_phone or "—"}
