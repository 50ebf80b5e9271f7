"""不满意工单申诉台账 (HOT-18, HOT-19): every appealed order of the months in the period,
with the filing deadline (the 6th of the next month, moved past holidays)."""
from sqlalchemy.orm import joinedload

from ...accounts.roles import OfficeKind
from ...core.excel import Column
from ...hotline_followup.models import AppealBatch, AppealItem, Rating
from ...hotline_followup.services.appeals import filing_deadline
from ..registry import SEQUENCE, Ledger, local_date, month_label, of, office_column


def _next_month(d):
    return d.replace(year=d.year + (d.month == 12), month=d.month % 12 + 1, day=1)


def _deadlines(items) -> dict:
    """The filing deadline of each item's batch (one calculation per month of the batch)."""
    by_month = {}
    for item in items:
        month = item.batch.month
        if month not in by_month:
            by_month[month] = filing_deadline(_next_month(month))
    return {item.id: by_month[item.batch.month] for item in items}


def _filing(r) -> str:
    filed, due = local_date(r.obj.batch.filed_at), r.extra
    if filed is None:
        return "已逾期未报送" if r.context["today"] > due else "未报送"
    return "逾期报送" if filed > due else "按期报送"


COLUMNS = (
    SEQUENCE,
    of("申诉月份", lambda i: month_label(i.batch.month), 12),
    office_column("承办单位", lambda i: i.batch.unit_id),
    of("工单编号", lambda i: i.rating.order.number, 20),
    of("诉求标题", lambda i: i.rating.order.title, 28, wrap=True),
    of("评价结果", lambda i: i.rating.level.label, 10),
    of("评价来源", lambda i: i.rating.source.label, 10),
    of("评价日期", lambda i: local_date(i.rating.created_at), 14),
    of("申诉理由", lambda i: i.explanation, 40, wrap=True),
    of("佐证材料", lambda i: i.evidence, 30, wrap=True),
    of("分管领导", lambda i: i.batch.leader_name, 10),
    of("已盖章", lambda i: i.batch.sealed, 8),
    of("报送日期", lambda i: local_date(i.batch.filed_at), 14),
    Column("报送截止日", lambda r: r.extra, 14),
    Column("报送情况", _filing, 14),
    of("审核结果", lambda i: i.decision.label, 12),
    of("审核意见", lambda i: i.decision_note, 30, wrap=True),
    of("审核日期", lambda i: local_date(i.decided_at), 14),
)

LEDGER = Ledger(
    key="appeals", title="不满意工单申诉台账", roles=("leader", "hotline_reviewer"),
    model=AppealItem, period_column=AppealBatch.month, office_columns=(AppealBatch.unit_id,),
    joins=((AppealBatch, AppealBatch.id == AppealItem.batch_id),),
    columns=COLUMNS, prefetch=_deadlines,
    options=(joinedload(AppealItem.batch), joinedload(AppealItem.rating).joinedload(Rating.order)),
    city_wide_kinds=(OfficeKind.HOTLINE_CENTRE,),
    description="按申诉月份统计的不满意工单申诉，含报送期限和审核结果。",
)
