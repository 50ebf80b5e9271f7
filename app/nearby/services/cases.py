"""The life of a nearby case (NBY-1, NBY-3): intake at any centre (no refusal: 000 Art 4),
push to the handling window, open, accept (a 办件), return for re-dispatch, correction."""
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ...accounts.models import users_with_role
from ...catalog.services import current_item
from ...core import audit, clock, deadlines, numbering, uploads
from ...core.errors import ConcurrentEdit, DomainError
from ...extensions import db
from ...matters.models import MatterSource
from ...matters.services import open_matter
from ...notify.codes import check_mobile
from ...notify.models import Channel
from ...notify.outbox import queue
from .. import hours
from ..models import CorrectionRequest, NearbyCase, NearbyScan, NearbyState

OPEN_CLOCK = "nearby.open"      # NBY-2
PAPER_CLOCK = "nearby.paper"    # NBY-5
FIRST_MINUTES = SECOND_MINUTES = 15
PAPER_WORKDAYS = 5
SCAN_TYPES = (uploads.PDF, uploads.JPEG, uploads.PNG)
SCAN_MAX_BYTES = 10 * 1024 * 1024
MAX_SCANS = 10
CORRECTION_SALT = "nearby-correction"
CASE_PATH = "/nearby/{id}"
CORRECTION_PATH = "/jinban/correct/{token}"


def case_path(case: NearbyCase) -> str:
    return CASE_PATH.format(id=case.id)


def public_url(path: str) -> str:
    """An address for an SMS: PUBLIC_BASE_URL (the public hall's host) + path."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def check_version(case: NearbyCase, version: int | None) -> None:
    if version is not None and version != case.version:
        raise ConcurrentEdit()


def check_scan(data: bytes, filename: str) -> tuple[bytes, str, str]:
    """(data, media type, safe name) of one scan, checked by its content (PDF, JPEG, PNG)."""
    _, media_type, ext = uploads.check(
        data, SCAN_TYPES, max_bytes=SCAN_MAX_BYTES, field="scans", empty="请上传申请材料扫描件。",
        too_big="单个扫描件不能超过10MB。", wrong_type="扫描件须为PDF、JPEG或PNG文件。")
    return data, media_type, uploads.safe_name(filename, ext, "材料")


def _add_scans(case: NearbyCase, files, correction: CorrectionRequest | None = None) -> None:
    files = [f for f in files if f and f[0]]
    if not files:
        raise DomainError("请上传申请材料扫描件。", field="scans")
    if len(files) > MAX_SCANS:
        raise DomainError(f"一次最多上传{MAX_SCANS}个扫描件。", field="scans")
    for data, filename in files:
        data, media_type, name = check_scan(data, filename)
        db.session.add(NearbyScan(case_id=case.id, correction_id=correction.id if correction else None,
                                  filename=name, media_type=media_type, size=len(data), data=data))


# The handling window of a department: its window clerks and approval staff.
HANDLING_ROLES = ("window_clerk", "approver")


def _handling_clerks(case: NearbyCase):
    seen = {}
    for role in HANDLING_ROLES:
        for user in users_with_role(case.handling_office_id, role):
            seen.setdefault(user.id, user)
    return list(seen.values())


def _push(case: NearbyCase, now: datetime) -> None:
    """NBY-1 push and notify (in-app + SMS); NBY-2 the 15 + 15 minute clock (opening hours)."""
    case.state, case.pushed_at = NearbyState.PUSHED, now
    case.opened_at = case.opened_by_id = case.warned_at = case.overdue_at = None
    deadlines.start(case, OPEN_CLOCK, hours.add_minutes(now, FIRST_MINUTES + SECOND_MINUTES),
                    warn_at=hours.add_minutes(now, FIRST_MINUTES), rule="NBY-2", now=now)
    text = f"就近办：{case.intake_centre.name}推送{case.item_name}申请材料（{case.number}），请在15分钟内接收查看。"
    for clerk in _handling_clerks(case):
        key = f"nearby:{case.id}:push:{int(now.timestamp())}:{clerk.id}"
        queue(key=key + ":app", channel=Channel.IN_APP, user=clerk, text=text,
              link=case_path(case))
        if clerk.phone:
            queue(key=key + ":sms", channel=Channel.SMS, phone=clerk.phone, text=text)


def receive(*, item_code: str, party_name: str, phone: str, ems_address: str, files, clerk,
            note: str = "", now: datetime | None = None) -> NearbyCase:
    """NBY-1: the intake window receives the materials on the spot (there is no refusal) and
    pushes them to the handling window of the item's department; the paper file has 5 wd."""
    now = now or clock.now()
    item = current_item(item_code)
    if not (party_name or "").strip():
        raise DomainError("请填写申请人。", field="party_name")
    if not (ems_address or "").strip():
        raise DomainError("请填写EMS寄送地址。", field="ems_address")
    phone = check_mobile(phone)
    year = clock.to_local(now).year
    serial = numbering.next_number("nearby", clerk.office_id, year)
    case = NearbyCase(
        number=f"JB{year}{clerk.office_id:04d}{serial:06d}", item_id=item.id, item_code=item.code,
        item_name=item.name, handling_office_id=item.office_id, intake_centre_id=clerk.office_id,
        intake_clerk_id=clerk.id, party_name=party_name.strip(), phone=phone,
        ems_address=ems_address.strip(), note=(note or "").strip(), received_at=now)
    db.session.add(case)
    db.session.flush()
    _add_scans(case, files)
    _push(case, now)
    deadlines.start_workdays(case, PAPER_CLOCK, now, PAPER_WORKDAYS, warn_after=PAPER_WORKDAYS - 1,
                             rule="NBY-5", now=now)
    audit.record("nearby.received", subject=case, actor=clerk,
                 after={"number": case.number, "item": item.code, "handling_office": item.office_id})
    return case


def open_case(case: NearbyCase, user, now: datetime | None = None) -> bool:
    """接收查看 by the handling window: stops the NBY-2 clock. True when this was the opening."""
    if not case.is_handling(user) or case.opened_at is not None or case.state != NearbyState.PUSHED:
        return False
    now = now or clock.now()
    case.opened_at, case.opened_by_id, case.state = now, user.id, NearbyState.OPENED
    deadlines.stop(case, OPEN_CLOCK, now=now)
    audit.record("nearby.opened", subject=case, actor=user, after={"late": case.overdue_at is not None})
    return True


def _decidable(case: NearbyCase, user, version) -> None:
    check_version(case, version)
    if not case.is_handling(user):
        raise DomainError("只有受理窗口可以办理此件。")
    if case.state not in (NearbyState.PUSHED, NearbyState.OPENED):
        raise DomainError(f"此件当前为“{case.state.label}”，不能办理。")


def accept(case: NearbyCase, user, *, version: int | None = None, now: datetime | None = None):
    """NBY-3 受理: the case becomes a 办件 (NBY-6); the intake window and the applicant are told."""
    now = now or clock.now()
    _decidable(case, user, version)
    open_case(case, user, now)
    item = current_item(case.item_code)
    matter = open_matter(source=MatterSource.NEARBY, source_type="nearby_case", source_id=case.id,
                         item=item, party_name=case.party_name, centre_id=case.intake_centre_id,
                         window_label="就近办受理窗口", staff=user, received_at=case.received_at, now=now)
    case.state, case.accepted_at, case.accepted_by_id, case.matter_id = \
        NearbyState.ACCEPTED, now, user.id, matter.id
    queue(key=f"nearby:{case.id}:accepted:intake", channel=Channel.IN_APP, user=case.intake_clerk,
          text=f"就近办{case.number}（{case.item_name}）已由{case.handling_office.name}受理。",
          link=case_path(case))
    queue(key=f"nearby:{case.id}:accepted:sms", channel=Channel.SMS, phone=case.phone,
          text=f"【天津政务服务】您在{case.intake_centre.name}提交的{case.item_name}申请已受理，"
               f"办件编号{matter.number}，结果将通过EMS寄送。")
    audit.record("nearby.accepted", subject=case, actor=user, after={"matter": matter.number})
    return matter


def return_case(case: NearbyCase, user, *, reason: str, version: int | None = None,
                now: datetime | None = None) -> NearbyCase:
    """NBY-3 退回: not this department's item; the intake window re-dispatches it."""
    now = now or clock.now()
    _decidable(case, user, version)
    if not (reason or "").strip():
        raise DomainError("请填写退回意见。", field="reason")
    open_case(case, user, now)
    case.state, case.return_reason, case.returned_at = NearbyState.RETURNED, reason.strip(), now
    queue(key=f"nearby:{case.id}:returned:{int(now.timestamp())}", channel=Channel.IN_APP,
          user=case.intake_clerk, text=f"就近办{case.number}被{case.handling_office.name}退回：{case.return_reason}。请重新派发。",
          link=case_path(case))
    audit.record("nearby.returned", subject=case, actor=user, after={"reason": case.return_reason})
    return case


def redispatch(case: NearbyCase, user, *, item_code: str, version: int | None = None,
               now: datetime | None = None) -> NearbyCase:
    """The intake window sends a returned case to the department of the right item."""
    now = now or clock.now()
    check_version(case, version)
    if not case.is_intake(user):
        raise DomainError("只有接件窗口可以重新派发。")
    if case.state != NearbyState.RETURNED:
        raise DomainError("只有被退回的件可以重新派发。")
    item = current_item(item_code)
    before = {"item": case.item_code, "handling_office": case.handling_office_id}
    case.item_id, case.item_code, case.item_name = item.id, item.code, item.name
    case.handling_office_id = item.office_id
    db.session.flush()
    db.session.refresh(case, ["handling_office"])
    _push(case, now)
    audit.record("nearby.redispatched", subject=case, actor=user, before=before,
                 after={"item": item.code, "handling_office": item.office_id})
    return case


def correction_token(correction: CorrectionRequest) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=CORRECTION_SALT).dumps(correction.id)


def correction_from_token(token: str) -> CorrectionRequest | None:
    try:
        correction_id = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=CORRECTION_SALT).loads(token)
    except BadSignature:
        return None
    return db.session.get(CorrectionRequest, correction_id)


def request_correction(case: NearbyCase, user, *, details: str, version: int | None = None,
                       now: datetime | None = None) -> CorrectionRequest:
    """NBY-3 补正: the details to the applicant by SMS with the online correction link."""
    now = now or clock.now()
    _decidable(case, user, version)
    if not (details or "").strip():
        raise DomainError("请填写补正内容。", field="details")
    open_case(case, user, now)
    correction = CorrectionRequest(case_id=case.id, details=details.strip(), requested_at=now,
                                   requested_by_id=user.id)
    db.session.add(correction)
    db.session.flush()
    case.state = NearbyState.CORRECTION
    link = public_url(CORRECTION_PATH.format(token=correction_token(correction)))
    queue(key=f"nearby:correction:{correction.id}:sms", channel=Channel.SMS, phone=case.phone,
          text=f"【天津政务服务】您的{case.item_name}申请需补正：{correction.details}。"
               f"可到{case.intake_centre.name}接件窗口补正，或网上补正：{link}")
    queue(key=f"nearby:correction:{correction.id}:intake", channel=Channel.IN_APP,
          user=case.intake_clerk, text=f"就近办{case.number}需补正：{correction.details}",
          link=case_path(case))
    audit.record("nearby.correction_requested", subject=case, actor=user, after={"details": correction.details})
    return correction


def submit_correction(correction: CorrectionRequest, *, files, reply: str = "", via: str,
                      actor=None, now: datetime | None = None) -> CorrectionRequest:
    """The applicant's correction (at the intake window or online): back to the handling window."""
    now = now or clock.now()
    case = correction.case
    if correction.corrected_at is not None or case.state != NearbyState.CORRECTION:
        raise DomainError("此补正已提交，无需重复提交。")
    if via == "window" and (actor is None or not case.is_intake(actor)):
        raise DomainError("只有接件窗口可以代为补正。")
    _add_scans(case, files, correction)
    correction.corrected_at, correction.corrected_via = now, via
    correction.reply = (reply or "").strip()[:500]
    case.state = NearbyState.OPENED
    for clerk in _handling_clerks(case):
        queue(key=f"nearby:correction:{correction.id}:done:{clerk.id}", channel=Channel.IN_APP,
              user=clerk, text=f"就近办{case.number}已补正，请审查。", link=case_path(case))
    audit.record("nearby.corrected", subject=case, actor=actor, after={"via": via, "correction": correction.id})
    return correction


def scan_for(case: NearbyCase, scan_id: int) -> NearbyScan | None:
    return db.session.scalar(select(NearbyScan).where(NearbyScan.case_id == case.id, NearbyScan.id == scan_id))
