"""Demo data (make run): the simulator of the city platform sends today's orders, which land
in the hotline's queues; the demo unit accepts some and one is answered and checked, so its
reply reaches the simulator; one message to a platform that is down ends on the dead-letter
list. Everything goes through the real services, the outbound queue and its deliveries."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ..accounts.models import User
from ..core import clock
from ..extensions import db
from ..hotline.models import OrderState, WorkOrder
from ..hotline.services import dispatch, handling
from ..api.services import partners
from .api_views import SCOPE
from .models import OutboundMessage, OutboundState, PlatformOrder, Target
from .services import outbound, simulator

DEMO_PARTNER = "tj12345"
DOWN_URL = "http://127.0.0.1:9/unreachable"  # the discard port: connection refused at once


def grant_demo_partner() -> None:
    """The API's demo partner of the 12345 platform may also post work-order messages."""
    partner = partners.by_key(DEMO_PARTNER)
    if partner is not None and SCOPE not in (partner.scopes or []):
        partners.update(partner, name=partner.name, scopes=[*partner.scopes, SCOPE],
                        rate_per_minute=partner.rate_per_minute, version=partner.version)


def load() -> None:
    grant_demo_partner()
    if db.session.scalar(select(PlatformOrder.id).limit(1)) or not simulator.handling_unit_codes():
        return
    unit_user = db.session.scalar(select(User).where(User.username == "demo_unit"))
    reviewer = db.session.scalar(select(User).where(User.username == "demo_reviewer"))
    now = clock.now()
    with clock.frozen_at(now - timedelta(hours=3)):
        simulator.send_in_process(simulator.day_of_orders(clock.today(), 24))
    if unit_user is not None and reviewer is not None:
        _answer_some(unit_user, reviewer, now)
    _dead_letter(now)
    outbound.deliver_due()
    db.session.commit()


def _unit_orders(unit_user: User) -> list[WorkOrder]:
    return list(db.session.scalars(select(WorkOrder).join(PlatformOrder, PlatformOrder.order_id == WorkOrder.id)
                                   .where(WorkOrder.unit_id == unit_user.office_id,
                                          WorkOrder.state == OrderState.DISPATCHED).order_by(WorkOrder.id)))


def _answer_some(unit_user: User, reviewer: User, now) -> None:
    orders = _unit_orders(unit_user)[:3]
    for i, order in enumerate(orders):
        with clock.frozen_at(now - timedelta(hours=2, minutes=30 - 5 * i)):
            dispatch.accept(unit_user, order)
    if orders:
        order = orders[0]
        with clock.frozen_at(now - timedelta(hours=1)):
            contact = clock.to_local(clock.now() - timedelta(minutes=30)).strftime("%Y年%m月%d日%H时%M分")
            handling.submit_reply(unit_user, order, dict(
                contact_time=contact, staff=f"{unit_user.office.name} {unit_user.name}", contact_method="电话",
                process="接到市级平台派发的工单后，当即电话联系诉求人了解情况，并安排执法人员现场核查。",
                result="经现场核查，诉求反映情况属实，已责令相关经营者立即整改，并将持续跟踪整改情况。",
                feedback="诉求人对处理结果表示满意。"), None)
        with clock.frozen_at(now - timedelta(minutes=30)):
            handling.review_reply(reviewer, order, approve=True)
    db.session.commit()


def _dead_letter(now) -> None:
    """A report to the city platform while it was down: six attempts, then the dead-letter list."""
    row = db.session.scalar(select(OutboundMessage).where(OutboundMessage.target == Target.CITY,
                                                          OutboundMessage.kind == "accepted")
                            .order_by(OutboundMessage.id.desc()))
    if row is None:
        return
    db.session.commit()
    saved = current_app.config.get("CITY_PLATFORM_URL", "")
    current_app.config["CITY_PLATFORM_URL"] = DOWN_URL
    try:
        at = now - timedelta(hours=2)
        for _ in range(outbound.MAX_ATTEMPTS):
            with clock.frozen_at(at):
                outbound.deliver(row.id)
                db.session.commit()
            if row.state == OutboundState.DEAD:
                break
            at = max(at, row.next_attempt_at) + timedelta(seconds=1)
    finally:
        current_app.config["CITY_PLATFORM_URL"] = saved
