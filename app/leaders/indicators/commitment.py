"""Commitment approval, supervision and credit indicators (CMT, SUP-1, CRD statistics). The
office of a case is its approval office; a supervision task's is the supervision office; a
credit record's is the determining office."""
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from ...commitment.models import CaseState, CommitmentCase
from ...core import clock, workdays
from ...credit.models import CreditRecord, RepairApplication
from ...extensions import db
from ...supervision.models import SupervisionTask
from .base import COUNT, PERCENT, Column, Drill, Indicator, grouped, local, period_filter

DOMAIN = "承诺审批与诚信"
C = CommitmentCase
OPEN_STATES = (CaseState.ACCEPTED, CaseState.LETTER_SIGNED, CaseState.APPROVED, CaseState.SUSPENDED)
SUP_START_WORKDAYS = 3  # SUP-1: verification starts within 3 working days of the approval

CASE_COLUMNS = (
    Column("事项", lambda c: c.item_name),
    Column("状态", lambda c: c.state.label),
    Column("受理时间", lambda c: local(c.created_at)),
    Column("材料补交期限", lambda c: c.materials_due.isoformat() if c.materials_due else ""),
    Column("撤销时间", lambda c: local(c.revoked_at)),
)
TASK_COLUMNS = (
    Column("核查类型", lambda t: t.supervision_type),
    Column("状态", lambda t: t.state.label),
    Column("批准日期", lambda t: t.approved_on.isoformat()),
    Column("开始核查", lambda t: local(t.started_at) or "未开始"),
)
CREDIT_COLUMNS = (
    Column("认定日期", lambda r: local(r.created_at)),
    Column("状态", lambda r: r.state.label),
)


def _overdue():
    """Materials not supplied by the deadline: still waiting after the due day."""
    return (C.state == CaseState.APPROVED) & (C.materials_due < clock.today())


def _cases(time_col, *where, is_date=False):
    def query(start, end, office_ids):
        return period_filter(select(C), time_col, C.office_id, start, end, office_ids, is_date, where)
    return query


def _sup_deadline(task) -> object:
    return workdays.add_workdays(task.approved_on, SUP_START_WORKDAYS)


def _sup_on_time(task) -> bool:
    return task.started_at is not None and clock.to_local(task.started_at).date() <= _sup_deadline(task)


def _sup_tasks(start, end):
    """Tasks whose start deadline falls in [start, end) and has passed (today excluded)."""
    lo = start - timedelta(days=SUP_START_WORKDAYS * 3 + 20)  # holidays can stretch 3 wd
    tasks = db.session.scalars(select(SupervisionTask).where(SupervisionTask.approved_on >= lo,
                                                             SupervisionTask.approved_on < end))
    last = min(end, clock.today())
    return [t for t in tasks if start <= _sup_deadline(t) < last]


def _sup_daily(start, end):
    sums = defaultdict(lambda: [0, 0])
    for task in _sup_tasks(start, end):
        cell = sums[(_sup_deadline(task), task.office_id)]
        cell[0] += _sup_on_time(task)
        cell[1] += 1
    return [(day, office, float(n), d) for (day, office), (n, d) in sums.items()]


def _sup_late(start, end, office_ids):
    ids = [t.id for t in _sup_tasks(start, end)
           if not _sup_on_time(t) and (office_ids is None or t.office_id in office_ids)]
    return select(SupervisionTask).where(SupervisionTask.id.in_(ids))


def _credit(start, end, office_ids):
    return period_filter(select(CreditRecord), CreditRecord.created_at, CreditRecord.office_id, start, end, office_ids)


def _repairs(start, end, office_ids):
    repaired = period_filter(select(RepairApplication.record_id).join(CreditRecord),
                             RepairApplication.received_at, CreditRecord.office_id, start, end, office_ids)
    return select(CreditRecord).where(CreditRecord.id.in_(repaired))


INDICATORS = (
    Indicator("commitment_open", "承诺件未办结", COUNT, DOMAIN, grouped(C.created_at, C.office_id, C.state.in_(OPEN_STATES)),
              Drill("未办结的承诺件", _cases(C.created_at, C.state.in_(OPEN_STATES)), CASE_COLUMNS, C.id),
              note="按受理日统计的仍未办结件数"),
    Indicator("commitment_overdue", "承诺件逾期未补材料", COUNT, DOMAIN,
              grouped(C.materials_due, C.office_id, _overdue, is_date=True),
              Drill("逾期未补材料的承诺件", _cases(C.materials_due, _overdue, is_date=True), CASE_COLUMNS, C.id),
              higher_is_better=False),
    Indicator("commitment_revoked", "承诺件撤销", COUNT, DOMAIN, grouped(C.revoked_at, C.office_id),
              Drill("撤销的承诺件", _cases(C.revoked_at), CASE_COLUMNS, C.id), higher_is_better=False),
    Indicator("supervision_on_time", "按时开展核查率", PERCENT, DOMAIN, _sup_daily,
              Drill("未按时开始核查的任务", _sup_late, TASK_COLUMNS, SupervisionTask.id)),
    Indicator("credit_entries", "失信记录新增", COUNT, DOMAIN, grouped(CreditRecord.created_at, CreditRecord.office_id),
              Drill("新增失信记录", _credit, CREDIT_COLUMNS, CreditRecord.id), higher_is_better=False),
    Indicator("credit_repairs", "信用修复申请", COUNT, DOMAIN,
              grouped(RepairApplication.received_at, CreditRecord.office_id,
                      joins=((CreditRecord, CreditRecord.id == RepairApplication.record_id),)),
              Drill("申请修复的失信记录", _repairs, CREDIT_COLUMNS, CreditRecord.id)),
)
