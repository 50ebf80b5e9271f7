"""The case from application to fulfilment: credit check, letter, decision, materials clock,
materials, extension, and the path to revocation (CMT-1..6, CMT-10)."""
import hashlib
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ...accounts.models import users_with_role
from ...accounts.roles import Role
from ...core import audit, clock, deadlines, identity, uploads, workdays
from ...core.errors import DomainError, PermissionDenied
from ...extensions import db
from ...notify import outbox
from ...notify.models import Channel
from ...parties.models import Party, PartyKind
from .. import credit
from ..events import case_decided
from ..models import (CaseMaterial, CaseState, CommitmentCase, LetterScan, MaterialState,
                      RevocationGround)
from .common import (CREDIT_ENTRY_CLOCK, CREDIT_ENTRY_WORKDAYS, DUE_TODAY_CLOCK,
                     EXTENSION_WORKDAYS, LETTER_PUBLISH_CLOCK, LETTER_PUBLISH_WORKDAYS,
                     MATERIALS_CLOCK, MATERIALS_WORKDAYS, OPEN, REMIND_10_CLOCK, REMIND_BEFORE,
                     REMIND_CLOCK, TRANSITIONS, case_path, cn_date, materials_due_at, morning, move, stop_clocks,
                     store_document)

# ---- parties and credit (CMT-1) -------------------------------------------------------------

def find_or_create_party(actor, *, kind: PartyKind, identifier: str, name: str,
                         legal_representative: str = "", phone: str = "") -> Party:
    identifier = (identifier or "").strip().upper()
    valid = (identity.is_valid_resident_id(identifier) if kind == PartyKind.PERSON
             else identity.is_valid_uscc(identifier))
    if not valid:
        raise DomainError("身份证号码校验位不正确。" if kind == PartyKind.PERSON
                          else "统一社会信用代码校验位不正确。", field="identifier")
    party = db.session.scalar(select(Party).where(Party.identifier == identifier))
    if party is not None:
        return party
    if not name.strip():
        raise DomainError("新申请人请填写名称。", field="name")
    party = Party(kind=kind, identifier=identifier, name=name.strip(),
                  legal_representative=legal_representative.strip(), phone=phone.strip())
    db.session.add(party)
    db.session.flush()
    audit.record("party.create", subject=party, after={"name": party.name}, actor=actor)
    return party


class DuplicateCase(DomainError):
    """A second open case of the same party and item (issue: refused unless a reason is given)."""

    def __init__(self, case: CommitmentCase):
        super().__init__(f"该申请人已有同一事项正在办理的承诺审批案件（{case.state.label}，"
                         f"受理于{case.created_at.year}年{clock.to_local(case.created_at).month}月"
                         f"{clock.to_local(case.created_at).day}日）。确需另行受理的，请填写理由。",
                         field="duplicate_reason")
        self.case = case


def check_credit(party: Party, on: date):
    """CMT-1: a blacklisted party is refused, with the record and the end of the restriction;
    CMT-9: a party whose result was revoked for false materials is refused with no end date."""
    status = credit.credit_status(party, on)
    bar = status.commitment_bar
    if bar is not None:
        listed = f"{bar.listed_on.year}年{bar.listed_on.month}月{bar.listed_on.day}日"
        raise DomainError(
            f"该申请人因“{bar.description}”被撤销承诺审批结果（{bar.office.name}{listed}记入诚信档案），"
            "依据《天津市“一制三化”改革全程监督办法（试行）》第十七条，不再适用承诺审批；"
            "该记录经异议删除后方可恢复。", field="identifier")
    if status.restricted:
        records = "；".join(str(getattr(r, "description", r)) for r in status.records) or "失信记录"
        until = (f"，限制至{status.restricted_until.year}年{status.restricted_until.month}月"
                 f"{status.restricted_until.day}日" if status.restricted_until else "")
        raise DomainError(f"该申请人已列入失信名单，不得适用承诺审批（{records}{until}）。",
                          field="identifier")
    return status


def open_case_of(party: Party, item) -> CommitmentCase | None:
    return db.session.scalar(select(CommitmentCase).where(
        CommitmentCase.party_id == party.id, CommitmentCase.item_code == item.code,
        CommitmentCase.state.in_(OPEN)).order_by(CommitmentCase.id))


# ---- application, letter, decision ----------------------------------------------------------

def accept(actor, *, party: Party, item, missing: list[str], agent_name: str = "",
           agent_id_number: str = "", duplicate_reason: str = "",
           now: datetime | None = None) -> CommitmentCase:
    now = now or clock.now()
    status = check_credit(party, clock.to_local(now).date())
    if not item.commitment_eligible:
        raise DomainError("该事项不适用承诺审批。", field="item")
    if item.office_id != actor.office_id:
        raise PermissionDenied("只能受理本处室负责的事项。")
    names = {m.name for m in item.materials}
    missing = [m for m in missing if m in names]
    if not missing:
        raise DomainError("承诺审批须至少选择一项待补正材料。", field="missing")
    agent_id_number = agent_id_number.strip().upper()
    if agent_name.strip() and not identity.is_valid_resident_id(agent_id_number):
        raise DomainError("代理人身份证号码校验位不正确。", field="agent_id_number")
    duplicate_reason = (duplicate_reason or "").strip()
    existing = open_case_of(party, item)
    if existing is not None and not duplicate_reason:
        raise DuplicateCase(existing)
    case = CommitmentCase(
        office_id=item.office_id, supervision_office_id=item.supervision_office_id,
        party=party, item_id=item.id, item_code=item.code,
        item_name="".join(filter(None, [item.main_name, item.sub_name and f"（{item.sub_name}）"])),
        agent_name=agent_name.strip(), agent_id_number=agent_id_number if agent_name else "",
        credit_label="绿色通道" if getattr(status, "green_channel", False) else status.label,
        duplicate_reason=duplicate_reason if existing is not None else "",
        created_by_id=actor.id, created_at=now,
        materials=[CaseMaterial(name=n) for n in missing],
    )
    db.session.add(case)
    db.session.flush()
    audit.record("commitment.accept", subject=case, actor=actor, reason=case.duplicate_reason,
                 after={"party": party.name, "item": case.item_code, "missing": missing})
    return case


class _LetterForSigning:
    """The case as the letter prints it before signing: today's name and representative."""

    def __init__(self, case: CommitmentCase):
        self._case = case
        self.letter_party_name = case.party.name
        self.letter_legal_representative = case.party.legal_representative

    def __getattr__(self, name):
        return getattr(self._case, name)


def letter_for_signing(case: CommitmentCase) -> dict:
    """The context of commitment/pdf/letter.html for the copy printed to be signed."""
    return {"case": _LetterForSigning(case), "confirmations": CONFIRMATIONS, "number": None,
            "title": "告知承诺书", "subject": case, "authority": case.office.name,
            "issued_on": clock.now()}


SCAN_MAX_BYTES = 10 * 1024 * 1024
# The signed letter's scan, by content (magic bytes), never by its name or the browser's claim.
SCAN_TYPES = (uploads.PDF, uploads.JPEG)


def _letter_scan(case: CommitmentCase, scan: bytes | None, filename: str, actor, now) -> LetterScan:
    kind = uploads.check(scan, SCAN_TYPES, max_bytes=SCAN_MAX_BYTES, field="scan",
                         empty="请上传双方签署后的承诺书扫描件（PDF或JPG）。",
                         too_big="扫描件超过10MB，请降低分辨率后再上传。",
                         wrong_type="扫描件须为PDF或JPG文件（按文件内容识别）。")
    record = LetterScan(case=case, filename=uploads.safe_name(filename, kind[2], "承诺书扫描件"), media_type=kind[1], size=len(scan),
                        sha256=hashlib.sha256(scan).hexdigest(), content=scan, uploaded_at=now,
                        uploaded_by_id=actor.id if actor is not None else None)
    db.session.add(record)
    return record


def sign_letter(actor, case: CommitmentCase, *, scan: bytes | None = None, filename: str = "",
                now: datetime | None = None):
    """CMT-2: the letter with the eight confirmations, signed by both sides, stored. It counts
    as signed only with the scan of the signed letter (PDF/JPEG by content) uploaded. CMT-4: the
    first signing is the day of the commitment; the materials deadline counts from it (a new
    letter after a change of name or representative does not move it)."""
    now = now or clock.now()
    if not case.can_handle(actor):
        raise PermissionDenied("只能登记本处室案件的承诺书。")
    scanned = _letter_scan(case, scan, filename, actor, now)
    move(case, "sign_letter", actor, scan_sha256=scanned.sha256)
    case.letter_signed_at = now
    case.letter_party_name = case.party.name
    case.letter_legal_representative = case.party.legal_representative
    if case.state == CaseState.ACCEPTED:
        case.state = CaseState.LETTER_SIGNED
    case.letter_published_at = None
    deadlines.start_workdays(case, LETTER_PUBLISH_CLOCK, now, LETTER_PUBLISH_WORKDAYS,
                             warn_after=LETTER_PUBLISH_WORKDAYS - 3, rule="CMT-2", now=now)
    if case.committed_at is None:
        case.committed_at = now
        _start_materials_clock(case, now)
    db.session.flush()
    return store_document(case, "letter", "告知承诺书", "commitment/pdf/letter.html",
                          actor=actor, confirmations=CONFIRMATIONS)


def publish_letter(actor, case: CommitmentCase, now: datetime | None = None) -> None:
    """CMT-2 (002 Art 13): the signed letter is published within 20 wd of signing."""
    now = now or clock.now()
    if not case.can_handle(actor):
        raise PermissionDenied("只能公开本处室的承诺书。")
    if case.letter_signed_at is None or case.letter_published_at is not None:
        raise DomainError("没有待公开的承诺书。")
    case.letter_published_at = now
    deadlines.stop(case, LETTER_PUBLISH_CLOCK, now=now)
    db.session.flush()
    audit.record("commitment.publish_letter", subject=case, actor=actor)


CONFIRMATIONS = (  # 002 信用承诺办法 Art 12, verbatim (the seed wins over the SPEC summary)
    "已认真学习了相关法律法规规章和规范性文件，了解了该项行政许可的有关要求，对有关规定的内容已经知晓和全面理解",
    "自身能够满足办理该事项的条件、标准和技术要求",
    "对于尚未提供的材料，能够在规定期限内予以提供，并符合法定形式和标准",
    "所提供的申请材料实质内容均真实、合法、有效",
    "所提供的纸质申请材料和电子申请材料内容完全一致",
    "主动接受有关监管部门的监督和管理",
    "对违反上述承诺的行为或超越行政许可范围进行活动的行为，与审批机关无关，愿意承担相应的法律责任。"
    "因违反有关法律法规及承诺，被撤销行政许可决定所造成的经济和法律后果，愿意自行承担",
    "以上陈述真实、有效，是其真实意思的表示",
)


def decide(actor, case: CommitmentCase, now: datetime | None = None):
    """CMT-3/5: the 承诺审批 decision, the reminders of the materials deadline and the push."""
    now = now or clock.now()
    if not case.letter_current:
        raise DomainError("申请人名称或法定代表人已变更，须重新签署承诺书。")
    if case.committed_at is None:  # signed before the clock counted from the commitment
        case.committed_at = case.letter_signed_at
        _start_materials_clock(case, now)
    if now > materials_due_at(case):
        raise DomainError(f"承诺的补正期限（{cn_date(case.materials_due)}）已届满，"
                          "不能再以承诺方式作出决定。")
    move(case, "decide", actor)
    case.decided_at = now
    start_reminders(case, now)
    document = store_document(case, "approval", "行政许可决定书（承诺审批）",
                              "commitment/pdf/approval.html", actor=actor)
    case.decision_number = document.number
    case_decided.send(case, now=now)  # CMT-5, LNK-3: supervision pushes it to its inbox
    return document


def _start_materials_clock(case: CommitmentCase, now: datetime) -> None:
    """CMT-4: 60 wd (80 after the one extension) from the day of the commitment, its basis
    kept so that a calendar change moves it (CAL-6). Yellow once 10 wd remain."""
    total = MATERIALS_WORKDAYS + (EXTENSION_WORKDAYS if case.extended else 0)
    deadline = deadlines.start_workdays(case, MATERIALS_CLOCK, case.committed_at, total,
                                        warn_after=total - REMIND_BEFORE[0], rule="CMT-4", now=now)
    case.materials_due = clock.to_local(deadline.due_at).date()


def start_reminders(case: CommitmentCase, now: datetime) -> None:
    """SMS to the party 10 and 3 wd before the deadline and to the approver on the day (09:00)."""
    due = case.materials_due
    provisional = workdays.is_provisional(due)
    for kind, moment in ((REMIND_10_CLOCK, morning(_workdays_before(due, REMIND_BEFORE[0]))),
                         (REMIND_CLOCK, morning(_workdays_before(due, REMIND_BEFORE[1]))),
                         (DUE_TODAY_CLOCK, morning(due))):
        deadlines.start(case, kind, moment, provisional=provisional, rule="CMT-4", now=now)


def _workdays_before(d: date, n: int) -> date:
    """The working day from which n working days remain until d."""
    current = d
    while workdays.workdays_between(current, d) < n:
        current = date.fromordinal(current.toordinal() - 1)
    return current


# ---- materials, extension, failure ----------------------------------------------------------

def check_material(actor, case: CommitmentCase, material: CaseMaterial, *, accepted: bool,
                   reason: str = "", now: datetime | None = None) -> str:
    """CMT-6: every material accepted on time → fulfilled (诚实守信); one not compliant →
    revocation; recorded after the deadline → the breach is recorded now (000 诚信档案 Art
    6(1)), whatever the material. Returns what the officer is told."""
    now = now or clock.now()
    if case.state == CaseState.REVOCATION_PENDING:
        raise DomainError(f"案件已转入撤销程序（{case.revocation_ground}），不能再收取补正材料。")
    if case.state not in (CaseState.APPROVED, CaseState.SUSPENDED):
        raise DomainError(f"当前状态“{case.state.label}”下不能收取补正材料。")
    if not accepted and case.decided_at is None:
        raise DomainError("尚未作出决定的中止案件，材料不符合要求时请退回申请人补正。", field="reason")
    if material.state != MaterialState.MISSING:
        raise DomainError("该材料已核验。")
    if not accepted and not reason.strip():
        raise DomainError("请填写不符合要求的原因。", field="reason")
    due_at = materials_due_at(case)
    late = case.decided_at is not None and now > due_at
    material.received_at = now
    material.state = (MaterialState.LATE if late else
                      MaterialState.ACCEPTED if accepted else MaterialState.REJECTED)
    material.reason = reason.strip()
    db.session.flush()
    action = "late" if late else ("accepted" if accepted else "rejected")
    audit.record("commitment.material_" + action, subject=case, after={"material": material.name},
                 reason=material.reason, actor=actor)
    if late:
        due = clock.to_local(due_at).date()
        facts = (f"申请人承诺于{cn_date(due)}前补齐的材料“{material.name}”于"
                 f"{cn_date(clock.to_local(now).date())}方才提交，已超过补正期限")
        fail(case, facts, RevocationGround.LATE, actor=actor, now=now, act_on=due + timedelta(days=1))
        return f"材料已登记，但已超过补正期限（{cn_date(due)}），不能视为履约，案件已转入撤销程序。"
    if not accepted:
        fail(case, f"补正材料“{material.name}”不符合法定条件：{material.reason}",
             RevocationGround.MATERIALS_REJECTED, actor=actor, now=now)
        return "材料不符合法定条件，案件已转入撤销程序。"
    if all(m.state == MaterialState.ACCEPTED for m in case.materials):
        if case.state == CaseState.SUSPENDED and case.suspended_from in (
                CaseState.ACCEPTED.value, CaseState.LETTER_SIGNED.value):
            # 000 诚信档案 Art 7: suspended before the decision → 补齐材料后再进行办理
            move(case, "resume", actor)
            case.state = CaseState(case.suspended_from)
            case.suspended_from = ""
            db.session.flush()
            return "材料已补齐，案件恢复办理。"
        move(case, "fulfil", actor)
        case.rating = "诚实守信"  # CMT-6
        case.suspended_from = ""
        stop_clocks(case, now)
        return "材料已全部补齐，案件履约，申请人评为诚实守信。"
    return "材料核验结果已记录。"


def fail(case: CommitmentCase, facts: str, basis: RevocationGround, *, actor=None,
         now: datetime | None = None, act_on: date | None = None) -> None:
    """CMT-6: the case goes to revocation (CMT-8) on a recorded ground. CMT-10: the 失信 act is
    to be entered within 7 wd; the clock runs from the act."""
    now = now or clock.now()
    move(case, "fail", actor, reason=facts, basis=basis.value)
    case.revocation_ground = facts
    case.revocation_basis = basis.value
    stop_clocks(case, now)
    act_at = clock.local_datetime(act_on) if act_on else now
    deadlines.start_workdays(case, CREDIT_ENTRY_CLOCK, act_at, CREDIT_ENTRY_WORKDAYS,
                             warn_after=CREDIT_ENTRY_WORKDAYS - 2, rule="CMT-10", now=now)
    for user in users_with_role(case.office_id, "approver"):
        outbox.queue(key=f"cmt-fail-{case.id}-{user.id}", channel=Channel.IN_APP, user=user,
                     link=case_path(case),
                     text=f"承诺审批案件{case.decision_number}（{case.party.name}）转入撤销程序："
                          f"{facts}。请出具撤销决定书并录入失信记录（7个工作日内）。")
    db.session.flush()


def may_extend(user) -> bool:
    return user.has_role(Role.LEGAL_REP.value)


def request_extension(actor, case: CommitmentCase, request_text: str,
                      now: datetime | None = None) -> None:
    """CMT-4: the approval office registers the party's written request for the one extension
    of 20 wd; the office's legal representatives are asked to decide (decide_extension)."""
    now = now or clock.now()
    if not (case.can_handle(actor) and (actor.has_role(Role.APPROVER.value) or may_extend(actor))):
        raise PermissionDenied("只能登记本处室案件的延期申请。")
    if case.state not in TRANSITIONS["extend"][0]:
        raise DomainError(f"当前状态“{case.state.label}”下不能申请延长补正期限。")
    if case.extended:
        raise DomainError("补正期限只能延长一次。")
    if case.extension_pending:
        raise DomainError("已有待决定的延期申请。")
    if not (request_text or "").strip():
        raise DomainError("请填写申请人的书面延期申请内容。", field="request_text")
    if now > materials_due_at(case):
        raise DomainError("补正期限已届满，不能再延期。")
    case.extension_request = request_text.strip()
    case.extension_requested_at = now
    case.extension_requested_by_id = actor.id
    case.extension_decided_at = None
    case.extension_decision = case.extension_decision_reason = ""
    db.session.flush()
    audit.record("commitment.extension_request", subject=case, actor=actor, reason=case.extension_request)
    for user in users_with_role(case.office_id, Role.LEGAL_REP.value):
        outbox.queue(key=f"cmt-extension-request-{case.id}-{user.id}-{now.timestamp():.0f}",
                     channel=Channel.IN_APP, user=user, link=case_path(case),
                     text=f"{case.party.name}申请延长“{case.item_name}”补正期限20个工作日，请决定。")


def decide_extension(actor, case: CommitmentCase, *, grant: bool, reason: str = "",
                     now: datetime | None = None) -> None:
    """CMT-4: the legal representative grants (20 wd more, once) or refuses the registered
    request, with reasons for a refusal; the party is told by SMS either way."""
    now = now or clock.now()
    if not may_extend(actor) or not case.can_handle(actor):
        raise PermissionDenied("只有具有本机关法定代表人权限的人员才能决定延期。")
    if not case.extension_pending:
        raise DomainError("没有待决定的延期申请。")
    reason = (reason or "").strip()
    if grant:
        if now > materials_due_at(case):
            raise DomainError("补正期限已届满，不能再延期。")
        move(case, "extend", actor, reason=case.extension_request)
        case.extended_by_id = actor.id
        case.extended_at = now
        _start_materials_clock(case, now)
        start_reminders(case, now)
        text = (f"您申请延长“{case.item_name}”的补正期限已获批准，延长20个工作日，"
                f"请于{cn_date(case.materials_due)}前补齐材料。")
    else:
        if not reason:
            raise DomainError("不予延期的，请填写理由。", field="reason")
        audit.record("commitment.extension_refused", subject=case, actor=actor, reason=reason)
        text = (f"您申请延长“{case.item_name}”的补正期限未获批准（{reason}），"
                f"请仍于{cn_date(case.materials_due)}前补齐材料。")
    case.extension_decided_at = now
    case.extension_decision = "granted" if grant else "refused"
    case.extension_decision_reason = reason
    db.session.flush()
    if case.party.phone:
        outbox.queue(key=f"cmt-extension-decided-{case.id}-{case.extension_decision}-{now.timestamp():.0f}",
                     channel=Channel.SMS, phone=case.party.phone, text=text)


def extend(actor, case: CommitmentCase, request_text: str, now: datetime | None = None) -> None:
    """CMT-4: the legal representative registers the written request and grants it at once."""
    if not may_extend(actor):
        raise PermissionDenied("只有具有本机关法定代表人权限的人员才能批准延期。")
    if case.extended:
        raise DomainError("补正期限只能延长一次。")
    request_extension(actor, case, request_text, now=now)
    decide_extension(actor, case, grant=True, now=now)


