"""The nearby clocks' handlers: NBY-2 escalation (15 minutes → 分管领导, 15 more after that SMS
→ 超时办件 and 主要领导) and NBY-5 paper forwarding (reminder on the 5th working day, late after)."""
from datetime import datetime

from sqlalchemy import select

from ...accounts.models import users_with_role
from ...core import audit, clock, deadlines
from ...extensions import db
from ...notify.models import Channel
from ...notify.outbox import queue
from .. import hours
from ..models import NearbyCase, NearbyLeaders, NearbyState
from .cases import OPEN_CLOCK, PAPER_CLOCK, SECOND_MINUTES, case_path


def leaders(office_id: int) -> tuple[list, list]:
    """(分管领导, 主要领导) of a handling office: its NearbyLeaders row, else its leaders."""
    row = db.session.scalar(select(NearbyLeaders).where(NearbyLeaders.office_id == office_id))
    fallback = users_with_role(office_id, "leader")
    deputy = [row.deputy] if row is not None and row.deputy is not None else fallback
    chief = [row.chief] if row is not None and row.chief is not None else fallback
    return deputy, chief


def _sms(case: NearbyCase, people, stage: str, text: str) -> None:
    for person in people:
        if person.phone:
            queue(key=f"nearby:{case.id}:{stage}:{int(case.pushed_at.timestamp())}:{person.id}:sms",
                  channel=Channel.SMS, phone=person.phone, text=text)
        queue(key=f"nearby:{case.id}:{stage}:{int(case.pushed_at.timestamp())}:{person.id}:app",
              channel=Channel.IN_APP, user=person, text=text, link=case_path(case))


def _warn(case: NearbyCase, now: datetime) -> None:
    case.warned_at = now
    deputy, _ = leaders(case.handling_office_id)
    _sms(case, deputy, "warn", f"【就近办预警】{case.handling_office.name}受理窗口15分钟内未接收查看"
                               f"{case.item_name}（{case.number}），请督促处理。")
    audit.record("nearby.warned", subject=case, actor=None, after={"told": "分管领导"})


@deadlines.on_warning(OPEN_CLOCK)
def on_open_warning(deadline, now: datetime) -> None:
    case = db.session.get(NearbyCase, deadline.subject_id)
    if case is None or case.state != NearbyState.PUSHED:
        return
    _warn(case, now)
    # 000 Art 11: the second 15 minutes run from the SMS to the 分管领导.
    deadline.due_at = max(deadline.due_at, hours.add_minutes(now, SECOND_MINUTES))


@deadlines.on_overdue(OPEN_CLOCK)
def on_open_overdue(deadline, now: datetime) -> None:
    case = db.session.get(NearbyCase, deadline.subject_id)
    if case is None or case.state != NearbyState.PUSHED:
        return
    if case.warned_at is None:  # a late sweep: the 分管领导 is told first, all the same
        _warn(case, now)
    case.overdue_at = now
    _, chief = leaders(case.handling_office_id)
    _sms(case, chief, "overdue", f"【就近办超时】{case.handling_office.name}受理窗口30分钟未接收查看"
                                 f"{case.item_name}（{case.number}），已列入超时办件，请处理。")
    audit.record("nearby.overdue", subject=case, actor=None, after={"told": "主要领导"})


@deadlines.on_warning(PAPER_CLOCK)
def on_paper_warning(deadline, now: datetime) -> None:
    case = db.session.get(NearbyCase, deadline.subject_id)
    if case is None or case.paper_sent_at is not None:
        return
    queue(key=f"nearby:{case.id}:paper:remind", channel=Channel.IN_APP, user=case.intake_clerk,
          text=f"就近办{case.number}的纸质材料须于{clock.to_local(deadline.due_at):%Y-%m-%d}前流转至"
               f"{case.handling_office.name}。", link=case_path(case))


@deadlines.on_overdue(PAPER_CLOCK)
def on_paper_overdue(deadline, now: datetime) -> None:
    case = db.session.get(NearbyCase, deadline.subject_id)
    if case is None or case.paper_sent_at is not None:
        return
    case.paper_late = True
    queue(key=f"nearby:{case.id}:paper:late", channel=Channel.IN_APP, user=case.intake_clerk,
          text=f"就近办{case.number}的纸质材料已超过5个工作日未流转。", link=case_path(case))
    audit.record("nearby.paper_late", subject=case, actor=None, after={"paper_late": True})
