"""EMS 寄递台账 (NBY-4): every result mailed in the period, with waybill, fee and payer."""
from ...core.identity import mask_phone
from ...nearby.models import NearbyCase
from ..registry import SEQUENCE, Ledger, of, office_column

COLUMNS = (
    SEQUENCE,
    of("办件编号", lambda c: c.number, 20),
    of("事项名称", lambda c: c.item_name, 30, wrap=True),
    of("收件人", lambda c: c.party_name, 16),
    of("联系电话", lambda c: mask_phone(c.phone), 14),
    of("邮寄地址", lambda c: c.ems_address, 36, wrap=True),
    of("EMS运单号", lambda c: c.waybill, 16),
    of("邮费（元）", lambda c: c.ems_fee_cents / 100 if c.ems_fee_cents is not None else None, 10),
    of("付费方", lambda c: c.ems_payer, 20),
    of("寄出日期", lambda c: c.dispatched_on, 14),
    of("送达日期", lambda c: c.delivered_on, 14),
    office_column("办理部门", lambda c: c.handling_office_id),
    office_column("接件中心", lambda c: c.intake_centre_id),
)

LEDGER = Ledger(
    key="ems", title="EMS寄递台账", roles=("leader", "window_clerk"),
    model=NearbyCase, period_column=NearbyCase.dispatched_on,
    office_columns=(NearbyCase.intake_centre_id, NearbyCase.handling_office_id),
    where=(NearbyCase.waybill != "",), columns=COLUMNS,
    description="按寄出日期统计的EMS寄递结果，含运单号、邮费和付费方。",
)
