"""撤销审批结果台账 (CMT-8): every commitment result revoked in the period."""
from sqlalchemy.orm import joinedload

from ...commitment.models import REVOCATION_GROUND_LABELS, CommitmentCase
from ...core.identity import mask_id_number
from ..registry import SEQUENCE, Ledger, local_date, of, office_column

COLUMNS = (
    SEQUENCE,
    of("撤销决定文号", lambda c: c.revocation_number, 22),
    of("撤销日期", lambda c: local_date(c.revoked_at), 14),
    of("原批准文号", lambda c: c.decision_number, 22),
    of("原批准日期", lambda c: local_date(c.decided_at), 14),
    of("事项名称", lambda c: c.item_name, 30, wrap=True),
    of("申请人", lambda c: c.party.name, 24),
    of("证件号码", lambda c: mask_id_number(c.party.identifier), 22),
    of("撤销情形", lambda c: REVOCATION_GROUND_LABELS.get(c.revocation_basis, ("",))[0], 30, wrap=True),
    of("撤销事实", lambda c: c.revocation_ground, 40, wrap=True),
    of("失信记录", lambda c: "已记入" if c.credit_ground else "", 10),
    office_column("审批机关", lambda c: c.office_id),
    of("案件状态", lambda c: c.state.label, 12),
)

LEDGER = Ledger(
    key="revocations", title="撤销审批结果台账", roles=("leader", "approver", "supervisor"),
    model=CommitmentCase, period_column=CommitmentCase.revoked_at,
    office_columns=(CommitmentCase.office_id, CommitmentCase.supervision_office_id),
    where=(CommitmentCase.revoked_at.is_not(None),),
    columns=COLUMNS, options=(joinedload(CommitmentCase.party),),
    description="按撤销日期统计的撤销承诺审批结果决定。",
)
