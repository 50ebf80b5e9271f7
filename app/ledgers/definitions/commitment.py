"""承诺审批案件台账 (CMT-2..6): every case accepted in the period, with its materials deadline."""
from sqlalchemy.orm import joinedload

from ...commitment.models import CaseState, CommitmentCase
from ...core.excel import Column
from ...core.identity import mask_id_number
from ..registry import SEQUENCE, Ledger, deadline_status, local_date, of, office_column

COLUMNS = (
    SEQUENCE,
    of("受理日期", lambda c: local_date(c.created_at), 14),
    of("事项编码", lambda c: c.item_code, 16),
    of("事项名称", lambda c: c.item_name, 30, wrap=True),
    of("申请人", lambda c: c.party.name, 24),
    of("证件号码", lambda c: mask_id_number(c.party.identifier), 22),
    of("代理人", lambda c: c.agent_name, 10),
    office_column("审批机关", lambda c: c.office_id),
    of("承诺书签署日期", lambda c: local_date(c.letter_signed_at), 14),
    of("决定文号", lambda c: c.decision_number, 20),
    of("决定日期", lambda c: local_date(c.decided_at), 14),
    of("补正材料期限", lambda c: c.materials_due, 14),
    # CMT-4: the 60-working-day deadline of the missing materials, while they are awaited.
    Column("期限状态", lambda r: deadline_status(r.obj.materials_due, None, r.context["today"])
           if r.obj.state == CaseState.APPROVED else "", 14),
    of("案件状态", lambda c: c.state.label, 16),
    office_column("监管部门", lambda c: c.supervision_office_id),
    of("推送监管日期", lambda c: local_date(c.pushed_at), 14),
)

LEDGER = Ledger(
    key="commitment", title="承诺审批案件台账", roles=("leader", "approver", "supervisor"),
    model=CommitmentCase, period_column=CommitmentCase.created_at,
    office_columns=(CommitmentCase.office_id, CommitmentCase.supervision_office_id),
    columns=COLUMNS, options=(joinedload(CommitmentCase.party),),
    description="按受理日期统计的承诺审批案件，含补正材料期限和案件状态。",
)
