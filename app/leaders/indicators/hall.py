"""Service hall and 就近办 indicators (APT: waiting time, no-shows; NBY-2 escalations). The
office of a ticket or an appointment is its centre; of a 就近办 case the handling office."""
from sqlalchemy import select

from ...hall.models import Appointment, NoShow, QueueTicket
from ...nearby.models import NearbyCase
from .base import COUNT, MINUTES, Column, Drill, Indicator, grouped, local, minutes_between, period_filter

DOMAIN = "大厅与就近办"
T = QueueTicket

TICKET_COLUMNS = (
    Column("号码", lambda t: t.number),
    Column("业务", lambda t: t.business_name),
    Column("取号时间", lambda t: local(t.taken_at)),
    Column("叫号时间", lambda t: local(t.called_at)),
)
APPOINTMENT_COLUMNS = (
    Column("预约号", lambda a: a.number),
    Column("事项", lambda a: a.item_name),
    Column("预约日期", lambda a: a.day.isoformat()),
    Column("时段", lambda a: a.slot),
)
NEARBY_COLUMNS = (
    Column("编号", lambda c: c.number),
    Column("事项", lambda c: c.item_name),
    Column("推送时间", lambda c: local(c.pushed_at)),
    Column("提醒分管领导", lambda c: local(c.warned_at)),
    Column("状态", lambda c: c.state.label),
)


def _called(start, end, office_ids):
    return period_filter(select(T), T.day, T.centre_id, start, end, office_ids, True, (T.called_at.is_not(None),))


def _no_shows(start, end, office_ids):
    missed = period_filter(select(NoShow.appointment_id).join(Appointment), NoShow.day, Appointment.centre_id,
                           start, end, office_ids, True)
    return select(Appointment).where(Appointment.id.in_(missed))


def _escalated(start, end, office_ids):
    return period_filter(select(NearbyCase), NearbyCase.warned_at, NearbyCase.handling_office_id, start, end, office_ids)


INDICATORS = (
    Indicator("hall_wait", "大厅平均等候时长", MINUTES, DOMAIN,
              grouped(T.day, T.centre_id, T.called_at.is_not(None), numerator=minutes_between(T.taken_at, T.called_at),
                      is_date=True),
              Drill("已叫号的号票", _called, TICKET_COLUMNS, T.id), higher_is_better=False),
    Indicator("hall_no_shows", "预约失约", COUNT, DOMAIN,
              grouped(NoShow.day, Appointment.centre_id, is_date=True,
                      joins=((Appointment, Appointment.id == NoShow.appointment_id),)),
              Drill("失约的预约", _no_shows, APPOINTMENT_COLUMNS, Appointment.id), higher_is_better=False),
    Indicator("nearby_escalations", "就近办超时提醒", COUNT, DOMAIN,
              grouped(NearbyCase.warned_at, NearbyCase.handling_office_id),
              Drill("提醒分管领导的就近办件", _escalated, NEARBY_COLUMNS, NearbyCase.id), higher_is_better=False),
)
