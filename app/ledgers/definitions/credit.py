"""失信记录录入台账 (CRD-2..4, CMT-10): every credit entry made in the period, with the
working days from the act to its entry (7 at most)."""
from sqlalchemy.orm import joinedload

from ...core import workdays
from ...core.identity import mask_id_number
from ...credit.models import CreditRecord
from ..registry import SEQUENCE, Ledger, local_date, of, office_column

ENTRY_WORKDAYS = 7  # CMT-10


def _entry_days(record) -> str:
    entered = local_date(record.created_at)
    if not entered or not record.occurred_on or entered < record.occurred_on:
        return ""
    days = workdays.workdays_between(record.occurred_on, entered)
    return f"{days}个工作日" + ("（超过7个工作日）" if days > ENTRY_WORKDAYS else "")


COLUMNS = (
    SEQUENCE,
    of("当事人名称", lambda r: r.party.name, 24),
    of("当事人类型", lambda r: r.party.kind.label, 14),
    of("证件号码", lambda r: mask_id_number(r.party.identifier), 22),
    of("信用等级", lambda r: r.level.label, 10),
    of("失信情形", lambda r: r.ground.label, 30, wrap=True),
    of("信息来源", lambda r: r.source.label, 14),
    of("失信行为发生日期", lambda r: r.occurred_on, 16),
    of("列入黑名单日期", lambda r: r.listed_on, 16),
    of("录入日期", lambda r: local_date(r.created_at), 14),
    of("录入用时", _entry_days, 18),
    of("纠正日期", lambda r: r.corrected_on, 14),
    of("记录状态", lambda r: r.state.label, 12),
    office_column("认定单位", lambda r: r.office_id),
    of("失信事实", lambda r: r.description, 40, wrap=True),
)

LEDGER = Ledger(
    key="credit", title="失信记录录入台账", roles=("leader", "credit_officer"),
    model=CreditRecord, period_column=CreditRecord.created_at, office_columns=(CreditRecord.office_id,),
    columns=COLUMNS, options=(joinedload(CreditRecord.party),),
    description="按录入日期统计的失信记录，含录入用时。",
)
