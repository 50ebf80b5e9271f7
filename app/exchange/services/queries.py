"""The lists of the exchange pages, with their scope: the hotline centre sees the city and
national traffic; a credit officer sees the 失信 pushes of the own office."""
from datetime import datetime, timedelta

from sqlalchemy import select

from ...core import clock, workdays
from ..models import InboundMessage, OutboundMessage, OutboundState, Target

CENTRE_TARGETS = (Target.CITY, Target.NATIONAL)


def is_centre(user) -> bool:
    return user.has_role("hotline_reviewer")


def targets_for(user) -> tuple:
    targets = CENTRE_TARGETS if is_centre(user) else ()
    return targets + ((Target.CREDIT,) if user.has_role("credit_officer") else ())


def may_replay(user, row: OutboundMessage) -> bool:
    if row.target == Target.CREDIT:
        return user.has_role("credit_officer") and row.office_id == user.office_id
    return is_centre(user)


def dead_letters(user):
    query = select(OutboundMessage).where(OutboundMessage.state == OutboundState.DEAD,
                                          OutboundMessage.target.in_(targets_for(user)))
    if not is_centre(user):
        query = query.where(OutboundMessage.office_id == user.office_id)
    return query


def inbound_query(state: str = ""):
    query = select(InboundMessage)
    return query.where(InboundMessage.state == state) if state else query


def credit_pushes(user):
    return select(OutboundMessage).where(OutboundMessage.target == Target.CREDIT,
                                         OutboundMessage.office_id == user.office_id)


def countdown(row: OutboundMessage, now: datetime | None = None) -> str:
    """Working days left before the CMT-10 limit, or how it ended."""
    if row.due_at is None:
        return ""
    if row.state == OutboundState.DELIVERED:
        return "逾期推送" if row.late else "按期推送"
    now = now or clock.now()
    if now >= row.due_at:
        return "已逾期"
    due_day = (clock.to_local(row.due_at) - timedelta(seconds=1)).date()  # the due_at is the day's end
    left = workdays.workdays_between(clock.to_local(now).date(), due_day)
    return f"剩余{left}个工作日" if left else "今日到期"
