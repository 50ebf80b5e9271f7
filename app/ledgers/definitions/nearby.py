"""就近办办件台账 (NBY-1..5): every case taken in at a centre in the period; the intake centre
and the handling office both find it in their ledger."""
from ...core.identity import mask_phone
from ...nearby.models import NearbyCase
from ..registry import SEQUENCE, Ledger, local_date, of, office_column

COLUMNS = (
    SEQUENCE,
    of("办件编号", lambda c: c.number, 20),
    of("接件日期", lambda c: c.received_at, 18),
    office_column("接件中心", lambda c: c.intake_centre_id),
    office_column("办理部门", lambda c: c.handling_office_id),
    of("事项编码", lambda c: c.item_code, 16),
    of("事项名称", lambda c: c.item_name, 30, wrap=True),
    of("申请人", lambda c: c.party_name, 20),
    of("联系电话", lambda c: mask_phone(c.phone), 14),
    of("查看时间", lambda c: c.opened_at, 18),
    # NBY-2: not opened within 15 + 15 minutes → 超时办件.
    of("超时未查看", lambda c: c.overdue_at is not None, 10),
    of("受理日期", lambda c: local_date(c.accepted_at), 14),
    of("退回原因", lambda c: c.return_reason, 24, wrap=True),
    of("纸质材料寄出", lambda c: local_date(c.paper_sent_at), 14),
    of("纸质材料逾期", lambda c: c.paper_late, 10),
    of("办件状态", lambda c: c.state.label, 16),
)

LEDGER = Ledger(
    key="nearby", title="就近办办件台账", roles=("leader", "window_clerk"),
    model=NearbyCase, period_column=NearbyCase.received_at,
    office_columns=(NearbyCase.intake_centre_id, NearbyCase.handling_office_id),
    columns=COLUMNS, description="按接件日期统计的就近办办件，含查看时限和纸质材料流转。",
)
