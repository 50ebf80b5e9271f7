"""NBY-4 result by EMS: waybill (format checked), fee, payer, dispatch and delivery dates; the
monthly fee statement per payer. NBY-5: paper forwarding sent and received."""
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask import current_app
from sqlalchemy import select

from ...accounts.models import DISTRICT_NAME, Office
from ...accounts.roles import OfficeLevel
from ...core import audit, clock, deadlines, excel
from ...core.errors import DomainError
from ...extensions import db
from ...matters.models import MatterResult
from ...matters.services import complete_matter, get as get_matter
from ..models import NearbyCase, NearbyState
from .cases import PAPER_CLOCK, check_version

CITY_PAYER = "天津市政务服务办公室"
S10 = re.compile(r"^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$")   # UPU S10, e.g. EA123456785CN
DOMESTIC = re.compile(r"^1\d{12}$")                  # EMS domestic 13-digit waybill
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def check_waybill(value: str) -> str:
    waybill = re.sub(r"\s+", "", value or "").upper()
    match = S10.match(waybill)
    if match:
        total = sum(int(d) * w for d, w in zip(match.group(1), S10_WEIGHTS))
        check = 11 - total % 11
        check = {10: 0, 11: 5}.get(check, check)
        if check == int(match.group(2)):
            return waybill
        raise DomainError("EMS运单号校验位不正确。", field="waybill")
    if DOMESTIC.match(waybill):
        return waybill
    raise DomainError("EMS运单号格式不正确（13位数字，或如EA123456785CN）。", field="waybill")


def _district(office: Office) -> str:
    for node in [office, *office.ancestors()]:
        if node.level == OfficeLevel.DISTRICT:
            match = DISTRICT_NAME.match(node.name)
            if match:
                return match.group(1)
    return ""


def payer_for(office: Office) -> str:
    """NBY-4 (000 Art 14): city departments' fees are the city office's; a district follows
    its own rule (NEARBY_DISTRICT_EMS_PAYER: its service office, or the applicant)."""
    if office.level == OfficeLevel.CITY:
        return CITY_PAYER
    if current_app.config["NEARBY_DISTRICT_EMS_PAYER"] == "party":
        return "申请人（到付）"
    return f"{_district(office) or office.name}政务服务办公室"


def _fee_cents(value) -> int:
    try:
        fee = Decimal(str(value or "").strip())
    except InvalidOperation:
        raise DomainError("请填写邮寄费用（元）。", field="fee") from None
    if fee < 0 or fee > 1000 or fee != fee.quantize(Decimal("0.01")):
        raise DomainError("邮寄费用须在0至1000元之间，最多两位小数。", field="fee")
    return int(fee * 100)


def record_mailing(case: NearbyCase, user, *, waybill: str, fee, dispatched_on: date,
                   delivered_on: date | None = None, result: str = "approved", note: str = "",
                   version: int | None = None, now: datetime | None = None) -> NearbyCase:
    """The handling window mails the result: the 办件 is completed with it."""
    now = now or clock.now()
    check_version(case, version)
    if not case.is_handling(user):
        raise DomainError("只有受理窗口可以登记邮寄。")
    if case.state != NearbyState.ACCEPTED:
        raise DomainError("受理后才能寄送结果。")
    waybill, cents = check_waybill(waybill), _fee_cents(fee)
    today = clock.to_local(now).date()
    if dispatched_on is None or dispatched_on > today or dispatched_on < clock.to_local(case.accepted_at).date():
        raise DomainError("寄出日期须在受理之后、不晚于今天。", field="dispatched_on")
    if delivered_on is not None and (delivered_on < dispatched_on or delivered_on > today):
        raise DomainError("妥投日期须在寄出日期之后、不晚于今天。", field="delivered_on")
    complete_matter(get_matter(case.matter_id), result=MatterResult(result), note=note, actor=user, now=now)
    case.waybill, case.ems_fee_cents, case.ems_payer = waybill, cents, payer_for(case.handling_office)
    case.dispatched_on, case.delivered_on, case.state = dispatched_on, delivered_on, NearbyState.MAILED
    audit.record("nearby.mailed", subject=case, actor=user,
                 after={"waybill": waybill, "fee_cents": cents, "payer": case.ems_payer})
    return case


def send_paper(case: NearbyCase, user, now: datetime | None = None) -> NearbyCase:
    """NBY-5: the intake window forwards the paper file (late if after the 5th working day)."""
    now = now or clock.now()
    if not case.is_intake(user):
        raise DomainError("只有接件窗口可以登记纸质材料流转。")
    if case.paper_sent_at is not None:
        raise DomainError("纸质材料已登记流转。")
    clock_row = deadlines.get(case, PAPER_CLOCK)
    if clock_row is not None and now > deadlines.current_due_at(clock_row):
        case.paper_late = True
    case.paper_sent_at = now
    deadlines.stop(case, PAPER_CLOCK, now=now)
    audit.record("nearby.paper_sent", subject=case, actor=user, after={"late": case.paper_late})
    return case


def confirm_paper(case: NearbyCase, user, now: datetime | None = None) -> NearbyCase:
    """NBY-5: the handling department confirms receipt and archiving."""
    if not case.is_handling(user):
        raise DomainError("只有办理部门可以确认接收归档。")
    if case.paper_sent_at is None or case.paper_received_at is not None:
        raise DomainError("纸质材料尚未流转或已确认接收。")
    case.paper_received_at = now or clock.now()
    audit.record("nearby.paper_received", subject=case, actor=user, after={})
    return case


def statement_query(month: date, payer: str = ""):
    """The mailings dispatched in `month`, by payer (for the fee statement)."""
    first = month.replace(day=1)
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    query = select(NearbyCase).where(NearbyCase.dispatched_on >= first, NearbyCase.dispatched_on < after)
    if payer:
        query = query.where(NearbyCase.ems_payer == payer)
    return query.order_by(NearbyCase.ems_payer, NearbyCase.dispatched_on, NearbyCase.id)


STATEMENT_COLUMNS = (
    excel.Column("付费单位", lambda c: c.ems_payer, 24),
    excel.Column("寄出日期", lambda c: c.dispatched_on, 12),
    excel.Column("EMS运单号", lambda c: c.waybill, 18),
    excel.Column("就近办编号", lambda c: c.number, 20),
    excel.Column("事项", lambda c: c.item_name, 30),
    excel.Column("办理部门", lambda c: c.handling_office.name, 24),
    excel.Column("收件人", lambda c: c.party_name, 14),
    excel.Column("妥投日期", lambda c: c.delivered_on, 12),
    excel.Column("费用（元）", lambda c: float(c.fee_yuan), 10),
)


def statement(month: date, payer: str = "") -> bytes:
    rows = list(db.session.scalars(statement_query(month, payer)))
    totals = {}
    for case in rows:
        totals[case.ems_payer] = totals.get(case.ems_payer, 0) + case.ems_fee_cents
    summary = excel.Sheet("汇总", (excel.Column("付费单位", lambda r: r[0], 24),
                                   excel.Column("件数", lambda r: r[1], 8),
                                   excel.Column("费用合计（元）", lambda r: r[2], 14)),
                          [(p, sum(1 for c in rows if c.ems_payer == p), cents / 100)
                           for p, cents in totals.items()],
                          caption=f"{month.year}年{month.month}月就近办EMS邮寄费用结算单")
    return excel.workbook(summary, excel.Sheet("明细", STATEMENT_COLUMNS, rows))
