"""Demo: 和平区政务服务中心's intake window (demo_window) has sent cases to the handling window of
市市场监管委行政审批处 (demo_approver) — one just pushed, one already warned (the 分管领导's SMS
in the SMS log), one accepted and waiting for its EMS result, one mailed with its paper file
forwarded, one already 超时办件."""
from sqlalchemy import select

from ..accounts.models import User, office_by_code
from ..catalog.services import current_items
from ..core import clock, deadlines
from ..extensions import db
from .models import NearbyCase, NearbyLeaders
from .services import cases, ems

PDF = b"%PDF-1.4\n% demo scan\n"
PEOPLE = [("张伟", "13820000001"), ("王芳", "13820000002"), ("李娜", "13820000003"), ("刘洋", "13820000004"),
          ("陈静", "13820000005")]


def _user(username):
    return db.session.scalar(select(User).where(User.username == username))


def _leaders(office) -> None:
    made = []
    for username, name, phone in (("demo_nearby_deputy", "何分管", "13930000001"),
                                  ("demo_nearby_chief", "吕主要", "13930000002")):
        user = _user(username) or User(username=username, name=name, office=office, phone=phone)
        user.set_roles(["leader"])
        db.session.add(user)
        made.append(user)
    db.session.flush()
    db.session.add(NearbyLeaders(office_id=office.id, deputy_id=made[0].id, chief_id=made[1].id))


def load() -> None:
    office, intake, handler = office_by_code("SCJG-SP"), _user("demo_window"), _user("demo_approver")
    if db.session.scalar(select(NearbyCase.id).limit(1)) is not None or None in (office, intake, handler):
        return
    item = next((i for i in current_items() if i.office_id == office.id), None)
    if item is None:
        return
    _leaders(office)
    now = clock.now()
    made = [cases.receive(item_code=item.code, party_name=n, phone=p, ems_address="天津市和平区南京路189号",
                          files=[(PDF, "申请表.pdf")], clerk=intake, now=now) for n, p in PEOPLE]
    deadlines.get(made[1], cases.OPEN_CLOCK).warn_at = now
    late = deadlines.get(made[4], cases.OPEN_CLOCK)
    late.warn_at = late.due_at = now
    deadlines.sweep(now)            # the 分管领导's SMS (and one 主要领导's) go to the SMS log
    cases.accept(made[2], handler, now=now)
    cases.accept(made[3], handler, now=now)
    ems.record_mailing(made[3], handler, waybill="1012345678901", fee="18.00",
                       dispatched_on=clock.to_local(now).date(), now=now)
    ems.send_paper(made[3], intake, now=now)
