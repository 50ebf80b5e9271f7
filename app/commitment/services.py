"""Commitment approval rules (CMT-1..8). Services flush, audit and queue; views commit."""
from datetime import date, datetime

from sqlalchemy import select

from ..accounts.roles import Role
from ..core import audit, clock, deadlines, identity, workdays
from ..core.errors import DomainError, PermissionDenied
from ..extensions import db
from ..notify.models import Channel
from ..notify import outbox
from ..parties.models import Party, PartyKind
from . import credit
from ..core.numbering import NumberSeries
from ..documents.services import issue_document
from .models import DOCUMENT_KINDS, CaseMaterial, CaseState, CommitmentCase, MaterialState

MATERIALS_WORKDAYS = 60  # CMT-4
EXTENSION_WORKDAYS = 20  # CMT-4, once
REMIND_BEFORE = (10, 3)  # SMS to the party, working days before the materials deadline
MATERIALS_CLOCK = "cmt_materials"
PENDING = (CaseState.ACCEPTED, CaseState.LETTER_SIGNED, CaseState.APPROVED)

# The one transition table: action -> (allowed from, to).
TRANSITIONS = {
    "sign_letter": ({CaseState.ACCEPTED, CaseState.LETTER_SIGNED, CaseState.APPROVED},
                    None),  # a new letter keeps the state
    "decide": ({CaseState.LETTER_SIGNED}, CaseState.APPROVED),
    "fulfil": ({CaseState.APPROVED, CaseState.SUSPENDED}, CaseState.FULFILLED),
    "fail": ({CaseState.APPROVED, CaseState.SUSPENDED}, CaseState.REVOCATION_PENDING),
    "extend": ({CaseState.APPROVED, CaseState.SUSPENDED}, None),
    "resume": ({CaseState.SUSPENDED}, None),  # back to suspended_from, set by the service
    "suspend": (set(PENDING), CaseState.SUSPENDED),
    "revoke": ({CaseState.REVOCATION_PENDING, CaseState.APPROVED, CaseState.SUSPENDED,
                CaseState.FULFILLED},  # FULFILLED: on a supervision recommendation (SUP-3)
               CaseState.REVOKED),
}

ACTION_LABELS = {
    "accept": "受理承诺审批申请",
    "sign_letter": "双方签署承诺书",
    "decide": "作出承诺审批决定",
    "push": "推送监管部门",
    "material_accepted": "收取补正材料（合格）",
    "material_rejected": "收取补正材料（不符合要求）",
    "fulfil": "材料补齐，履约（诚实守信）",
    "fail": "转入撤销程序",
    "extend": "延长补正期限",
    "suspend": "中止（当事人列入失信名单）",
    "resume": "材料补齐，恢复审批",
    "revoke": "作出撤销决定",
    "publish": "撤销决定公示",
    "publish_letter": "承诺书向社会公开",
}


def move(case: CommitmentCase, action: str, actor=None, *, reason: str = "", **after) -> None:
    """Apply `action` to the case if the table allows it from its current state."""
    allowed, target = TRANSITIONS[action]
    if case.state not in allowed:
        raise DomainError(f"当前状态“{case.state.label}”下不能{ACTION_LABELS[action]}。")
    before = {"state": case.state.value}
    if target is not None:
        case.state = target
    db.session.flush()
    audit.record(f"commitment.{action}", subject=case, before=before,
                 after={"state": case.state.value, **after}, reason=reason, actor=actor)


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


def check_credit(party: Party, on: date):
    """CMT-1: a blacklisted party is refused, with the record and the end of the restriction."""
    status = credit.credit_status(party, on)
    if credit.is_restricted(status):
        records = "；".join(str(getattr(r, "description", r)) for r in status.records) or "失信记录"
        until = (f"，限制至{status.restricted_until.year}年{status.restricted_until.month}月"
                 f"{status.restricted_until.day}日" if status.restricted_until else "")
        raise DomainError(f"该申请人已列入失信名单，不得适用承诺审批（{records}{until}）。",
                          field="identifier")
    return status


# ---- application, letter, decision ----------------------------------------------------------

def accept(actor, *, party: Party, item, missing: list[str], agent_name: str = "",
           agent_id_number: str = "", now: datetime | None = None) -> CommitmentCase:
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
    case = CommitmentCase(
        office_id=item.office_id, supervision_office_id=item.supervision_office_id,
        party=party, item_id=item.id, item_code=item.code,
        item_name="".join(filter(None, [item.main_name, item.sub_name and f"（{item.sub_name}）"])),
        agent_name=agent_name.strip(), agent_id_number=agent_id_number if agent_name else "",
        credit_label="绿色通道" if getattr(status, "green_channel", False) else status.label,
        created_by_id=actor.id, created_at=now,
        materials=[CaseMaterial(name=n) for n in missing],
    )
    db.session.add(case)
    db.session.flush()
    audit.record("commitment.accept", subject=case, actor=actor,
                 after={"party": party.name, "item": case.item_code, "missing": missing})
    return case


def sign_letter(actor, case: CommitmentCase, now: datetime | None = None):
    """CMT-2: the letter with the eight confirmations, signed by both sides, stored."""
    now = now or clock.now()
    move(case, "sign_letter", actor)
    case.letter_signed_at = now
    case.letter_party_name = case.party.name
    case.letter_legal_representative = case.party.legal_representative
    if case.state == CaseState.ACCEPTED:
        case.state = CaseState.LETTER_SIGNED
    case.letter_published_at = None
    deadlines.start_workdays(case, LETTER_PUBLISH_CLOCK, now, LETTER_PUBLISH_WORKDAYS,
                             warn_after=LETTER_PUBLISH_WORKDAYS - 3, now=now)  # CMT-2
    db.session.flush()
    return store_document(case, "letter", "告知承诺书", "commitment/pdf/letter.html",
                          actor=actor, confirmations=CONFIRMATIONS)


LETTER_PUBLISH_CLOCK, LETTER_PUBLISH_WORKDAYS = "cmt_letter_publish", 20


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
    """CMT-3/4/5: the 承诺审批 decision, the 60-wd materials clock, reminders and the push."""
    now = now or clock.now()
    if not case.letter_current:
        raise DomainError("申请人名称或法定代表人已变更，须重新签署承诺书。")
    move(case, "decide", actor)
    case.decided_at = now
    decision_day = clock.to_local(now).date()
    case.materials_due = workdays.add_workdays(decision_day, MATERIALS_WORKDAYS)  # CMT-4
    _start_materials_clock(case)
    document = store_document(case, "approval", "行政许可决定书（承诺审批）",
                              "commitment/pdf/approval.html", actor=actor)
    case.decision_number = document.number
    from ..supervision import services as supervision
    supervision.push(case, now=now)  # CMT-5, LNK-3
    return document


def _start_materials_clock(case: CommitmentCase) -> None:
    """CMT-4 clock, with the reminder clocks: the party 10 and 3 wd before, the approver on
    the day (09:00 local)."""
    due = case.materials_due
    provisional = workdays.is_provisional(due)
    deadlines.start(case, MATERIALS_CLOCK, clock.end_of_day(due),
                    warn_at=_morning(_workdays_before(due, REMIND_BEFORE[0])),
                    provisional=provisional)
    deadlines.start(case, REMIND_CLOCK, _morning(_workdays_before(due, REMIND_BEFORE[1])),
                    provisional=provisional)
    deadlines.start(case, DUE_TODAY_CLOCK, _morning(due), provisional=provisional)


def _stop_clocks(case: CommitmentCase, now: datetime | None) -> None:
    for kind in CLOCKS:
        deadlines.stop(case, kind, now=now)


def _workdays_before(d: date, n: int) -> date:
    """The working day from which n working days remain until d."""
    current = d
    while workdays.workdays_between(current, d) < n:
        current = date.fromordinal(current.toordinal() - 1)
    return current


# ---- materials, extension, failure ----------------------------------------------------------

def check_material(actor, case: CommitmentCase, material: CaseMaterial, *, accepted: bool,
                   reason: str = "", now: datetime | None = None) -> None:
    """CMT-6: every material accepted → fulfilled (诚实守信); one not compliant → revocation."""
    now = now or clock.now()
    if case.state not in (CaseState.APPROVED, CaseState.SUSPENDED):
        raise DomainError(f"当前状态“{case.state.label}”下不能收取补正材料。")
    if not accepted and case.decided_at is None:
        raise DomainError("尚未作出决定的中止案件，材料不符合要求时请退回申请人补正。", field="reason")
    if material.state != MaterialState.MISSING:
        raise DomainError("该材料已核验。")
    if not accepted and not reason.strip():
        raise DomainError("请填写不符合要求的原因。", field="reason")
    material.received_at = now
    material.state = MaterialState.ACCEPTED if accepted else MaterialState.REJECTED
    material.reason = reason.strip()
    db.session.flush()
    audit.record("commitment.material_" + ("accepted" if accepted else "rejected"),
                 subject=case, after={"material": material.name}, reason=material.reason,
                 actor=actor)
    if not accepted:
        fail(case, f"补正材料“{material.name}”不符合法定条件：{material.reason}", actor=actor,
             now=now)
    elif all(m.state == MaterialState.ACCEPTED for m in case.materials):
        if case.state == CaseState.SUSPENDED and case.suspended_from in (
                CaseState.ACCEPTED.value, CaseState.LETTER_SIGNED.value):
            # 002 Art 9: suspended before the decision → 补齐材料后再进行审批
            move(case, "resume", actor)
            case.state = CaseState(case.suspended_from)
            case.suspended_from = ""
            db.session.flush()
            return
        move(case, "fulfil", actor)
        case.rating = "诚实守信"
        case.suspended_from = ""
        _stop_clocks(case, now)


GROUND_LATE, GROUND_MATERIALS_FAILED = "late_materials", "materials_revoked"  # CRD-2
GROUND_SUPERVISION = "supervision_violation"


def fail(case: CommitmentCase, ground: str, *, credit_ground: str = GROUND_MATERIALS_FAILED,
         actor=None, now: datetime | None = None) -> None:
    """CMT-6: the case goes to revocation (CMT-8)."""
    move(case, "fail", actor, reason=ground)
    case.revocation_ground = ground
    case.credit_ground = credit_ground
    _stop_clocks(case, now)
    db.session.flush()


def may_extend(user) -> bool:
    return user.has_role(Role.LEGAL_REP.value)


def extend(actor, case: CommitmentCase, request_text: str, now: datetime | None = None) -> None:
    """CMT-4: one written extension of 20 wd, granted by the authority's legal representative."""
    now = now or clock.now()
    if not may_extend(actor):
        raise PermissionDenied("只有具有本机关法定代表人权限的人员才能批准延期。")
    if case.extended:
        raise DomainError("补正期限只能延长一次。")
    if not request_text.strip():
        raise DomainError("请填写申请人的书面延期申请内容。", field="request_text")
    old_due = case.materials_due
    move(case, "extend", actor, reason=request_text.strip())
    case.materials_due = workdays.add_workdays(old_due, EXTENSION_WORKDAYS)
    case.extension_request = request_text.strip()
    case.extended_by_id = actor.id
    case.extended_at = now
    _start_materials_clock(case)
    db.session.flush()


# ---- CMT-7 suspension ---------------------------------------------------------------------

def suspend_for_blacklist(party: Party, *, except_case_id: int | None = None, **_) -> list:
    cases = db.session.scalars(select(CommitmentCase).where(
        CommitmentCase.party_id == party.id, CommitmentCase.state.in_(PENDING))).all()
    for case in cases:
        if case.id == except_case_id:
            continue
        previous = case.state.value
        move(case, "suspend", None, reason="当事人列入失信名单（CMT-7）")
        case.suspended_from = previous
    db.session.flush()
    return cases


def on_party_blacklisted(sender, party=None, **kw) -> None:
    party = party if party is not None else sender
    subject = kw.get("subject")
    suspend_for_blacklist(party, except_case_id=getattr(subject, "id", None))


# ---- CMT-8 revocation -----------------------------------------------------------------------

def revoke(actor, case: CommitmentCase, ground: str = "", now: datetime | None = None, *,
           credit_ground: str = ""):
    """CMT-8: the revocation decision (DOC-2), the 失信 record (CRD-2) and its publication."""
    now = now or clock.now()
    if case.office_id != actor.office_id:
        raise PermissionDenied("只能撤销本处室作出的决定。")
    ground = (ground or case.revocation_ground).strip()
    if not ground:
        raise DomainError("请填写撤销的事实和理由。", field="ground")
    move(case, "revoke", actor, reason=ground)
    case.revocation_ground = ground
    case.credit_ground = credit_ground or case.credit_ground
    case.revoked_at = now
    today = clock.to_local(now).date()
    _stop_clocks(case, now)
    document = store_document(case, "revocation", "撤销行政许可决定书",
                              "commitment/pdf/revocation.html", actor=actor,
                              reviewing_body=case.office.reviewing_body())
    case.revocation_number = document.number
    ground_code = case.credit_ground or GROUND_MATERIALS_FAILED
    credit.record_dishonesty(  # CMT-6 / CRD-2
        case.party, level="dishonest", ground=ground_code, office=case.office,
        description=f"{case.item_name}（{case.decision_number}）：{ground}",
        source="supervision" if ground_code == GROUND_SUPERVISION else "approval",
        actor=actor, occurred_on=today, subject=case)
    case.published_at = now
    audit.record("commitment.publish", subject=case, actor=actor,
                 after={"number": case.revocation_number})
    from ..supervision import services as supervision
    supervision.case_revoked(case, now=now)  # LNK-3: revocations are pushed too
    if case.party.phone:
        outbox.queue(key=f"cmt-revoked-{case.id}", channel=Channel.SMS, phone=case.party.phone,
                     text=f"您办理的“{case.item_name}”承诺审批决定已被撤销（{case.revocation_number}），"
                          "请到窗口领取撤销决定书。")
    return document


# ---- deadline handlers: reminders and missed deadlines (NTF-2) ------------------------------

REMIND_CLOCK, DUE_TODAY_CLOCK = "cmt_remind_3", "cmt_due_today"
CLOCKS = (MATERIALS_CLOCK, REMIND_CLOCK, DUE_TODAY_CLOCK)


def _morning(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=clock.SHANGHAI)


def _case_of(deadline) -> CommitmentCase | None:
    case = db.session.get(CommitmentCase, deadline.subject_id)
    return case if case is not None and case.state in (CaseState.APPROVED, CaseState.SUSPENDED) else None


def _remind_party(case: CommitmentCase, left: int) -> None:
    if case.party.phone:
        outbox.queue(key=f"cmt-remind-{case.id}-{case.materials_due}-{left}", channel=Channel.SMS,
                     phone=case.party.phone,
                     text=f"提醒：您承诺补正的“{case.item_name}”材料须在{case.materials_due.month}月"
                          f"{case.materials_due.day}日前提交，还有{left}个工作日。")


@deadlines.on_warning(MATERIALS_CLOCK)
def _ten_days_before(deadline, now=None) -> None:
    case = _case_of(deadline)
    if case is not None:
        _remind_party(case, REMIND_BEFORE[0])


@deadlines.on_overdue(REMIND_CLOCK)
def _three_days_before(deadline, now=None) -> None:
    case = _case_of(deadline)
    if case is not None:
        _remind_party(case, REMIND_BEFORE[1])


@deadlines.on_overdue(DUE_TODAY_CLOCK)
def _due_today(deadline, now=None) -> None:
    case = _case_of(deadline)
    if case is not None:
        outbox.queue(key=f"cmt-due-{case.id}-{case.materials_due}", channel=Channel.SMS,
                     user=case.created_by,
                     text=f"承诺审批案件{case.decision_number}（{case.party.name}）补正材料今日到期。")


@deadlines.on_overdue(MATERIALS_CLOCK)
def _missed(deadline, now=None) -> None:
    """CMT-6: the deadline passed without all materials → the revocation path."""
    case = _case_of(deadline)
    if case is not None:
        due = case.materials_due
        fail(case, f"未在{due.year}年{due.month}月{due.day}日前补齐承诺的材料",
             credit_ground=GROUND_LATE)


# ---- numbers and stored documents ----------------------------------------------------------

SERIES = {  # gap-free per office and year (CMT-8), core/numbering
    "approval": NumberSeries("commitment_approval", "津承审"),
    "revocation": NumberSeries("commitment_revocation", "津撤决"),
    "rectification": NumberSeries("supervision_rectification", "津监整"),
    "recommendation": NumberSeries("supervision_recommendation", "津监建"),
}


def store_document(case, kind: str, title: str, template: str, *, actor, now=None, **context):
    """Issue through app.documents: numbered (if the kind is), rendered once, stored."""
    return issue_document(DOCUMENT_KINDS[kind], template, case, SERIES.get(kind), actor, title,
                          case=case, **context)


def timeline(case: CommitmentCase) -> list:
    from ..core.audit import AuditEntry
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.subject_type == CommitmentCase.__tablename__,
        AuditEntry.subject_id == case.id).order_by(AuditEntry.id)).all()


def todos(user) -> list:
    """我的待办: pending commitment cases of the approver's office, with the worst light."""
    from flask import url_for
    from ..core.navigation import TodoItem
    if not user.has_any_role(("approver", "legal_rep")):
        return []
    cases = db.session.scalars(select(CommitmentCase).where(
        CommitmentCase.office_id == user.office_id,
        CommitmentCase.state.in_(PENDING + (CaseState.SUSPENDED, CaseState.REVOCATION_PENDING)))).all()
    if not cases:
        return []
    order = ["grey", "green", "yellow", "red"]
    worst = max((deadlines.light(c, MATERIALS_CLOCK) for c in cases), key=order.index)
    return [TodoItem("承诺审批待办案件", url_for("commitment.index"), len(cases), worst)]
