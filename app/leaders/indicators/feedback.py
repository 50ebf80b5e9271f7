"""投诉建议咨询 indicators (FBK-4: handling data collected into statistics): how many the units
received, and how many of the answers came within the limit (FBK-1/2). The office of a
feedback is the unit it was filed against."""
from sqlalchemy import or_, select

from ...feedback.models import Feedback
from .base import COUNT, PERCENT, Column, Drill, Indicator, grouped, local, period_filter

DOMAIN = "投诉建议"
F = Feedback

FEEDBACK_COLUMNS = (
    Column("编号", lambda f: f.number),
    Column("类别", lambda f: f.kind.label),
    Column("单位", lambda f: f.unit.name),
    Column("提交时间", lambda f: local(f.created_at)),
    Column("答复期限", lambda f: local(f.due_at)),
    Column("答复时间", lambda f: local(f.replied_at) or "未答复"),
)


def _on_time():
    return or_(F.due_at.is_(None), F.replied_at <= F.due_at)


def _received(start, end, office_ids):
    return period_filter(select(F), F.created_at, F.unit_id, start, end, office_ids)


def _late(start, end, office_ids):
    return period_filter(select(F), F.replied_at, F.unit_id, start, end, office_ids).where(~_on_time())


INDICATORS = (
    Indicator("feedback_volume", "投诉建议受理量", COUNT, DOMAIN, grouped(F.created_at, F.unit_id),
              Drill("收到的投诉建议", _received, FEEDBACK_COLUMNS, F.id), higher_is_better=False),
    Indicator("feedback_on_time", "投诉建议按时答复率", PERCENT, DOMAIN,
              grouped(F.replied_at, F.unit_id, good=_on_time()),
              Drill("超期答复的投诉建议", _late, FEEDBACK_COLUMNS, F.id)),
)
