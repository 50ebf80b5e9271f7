"""督办台账 (HOT-14): every 督办 item opened in the period, with its report deadline."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...accounts.roles import OfficeKind
from ...core.deadlines import Deadline
from ...core.excel import Column
from ...extensions import db
from ...hotline_followup.models import DubanItem
from ...hotline_followup.services.duban import DUBAN_CLOCK
from ..registry import SEQUENCE, Ledger, deadline_status, local_date, of, office_column


def _due_dates(items) -> dict:
    """The report deadline of each item of the batch, in one query."""
    rows = db.session.execute(select(Deadline.subject_id, Deadline.due_at).where(
        Deadline.subject_type == DubanItem.__tablename__, Deadline.kind == DUBAN_CLOCK,
        Deadline.subject_id.in_([i.id for i in items])))
    return {subject_id: local_date(due) for subject_id, due in rows}


COLUMNS = (
    SEQUENCE,
    of("工单编号", lambda i: i.order.number, 20),
    of("诉求标题", lambda i: i.order.title, 30, wrap=True),
    office_column("承办单位", lambda i: i.unit_id),
    of("督办情形", lambda i: i.trigger.label, 16),
    of("督办原因", lambda i: i.reason, 30, wrap=True),
    of("列入督办日期", lambda i: local_date(i.created_at), 14),
    Column("报告期限", lambda r: r.extra, 14),
    Column("期限状态", lambda r: deadline_status(r.extra, local_date(r.obj.reported_at), r.context["today"]), 14),
    of("办理状态", lambda i: i.state.label, 18),
    of("报告报送日期", lambda i: local_date(i.reported_at), 14),
    of("办理情况", lambda i: i.report_text, 40, wrap=True),
)

LEDGER = Ledger(
    key="duban", title="督办台账", roles=("leader", "hotline_reviewer"),
    model=DubanItem, period_column=DubanItem.created_at, office_columns=(DubanItem.unit_id,),
    columns=COLUMNS, options=(joinedload(DubanItem.order),), prefetch=_due_dates,
    city_wide_kinds=(OfficeKind.HOTLINE_CENTRE,),
    description="按列入督办日期统计的督办事项，含报告期限和办理情况。",
)
