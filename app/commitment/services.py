"""Commitment approval rules (CMT-1..10). Services flush, audit and queue; views commit."""
from datetime import date, datetime, timedelta

from flask import url_for
from sqlalchemy import select

from ..accounts.models import users_with_role
from ..accounts.roles import Role
from ..core import audit, clock, deadlines, identity, workdays
from ..core.audit import AuditEntry
from ..core.errors import DomainError, PermissionDenied
from ..core.navigation import TodoItem
from ..core.numbering import NumberSeries
from ..documents.services import issue_document
from ..extensions import db
from ..notify import outbox
from ..notify.models import Channel
from ..parties.models import Party, PartyKind
from . import credit
from .events import case_decided, case_revoked
from .models import (DOCUMENT_KINDS, CaseMaterial, CaseState, CommitmentCase, MaterialState,
                     RevocationGround)

MATERIALS_WORKDAYS = 60  # CMT-4, from the day of the commitment
EXTENSION_WORKDAYS = 20  # CMT-4, once
REMIND_BEFORE = (10, 3)  # SMS to the party, working days before the materials deadline
CREDIT_ENTRY_WORKDAYS = 7  # CMT-10
MATERIALS_CLOCK = "cmt_materials"
CREDIT_ENTRY_CLOCK = "cmt_credit_entry"
PENDING = (CaseState.ACCEPTED, CaseState.LETTER_SIGNED, CaseState.APPROVED)
OPEN = PENDING + (CaseState.SUSPENDED, CaseState.REVOCATION_PENDING)
UNDECIDED = (CaseState.ACCEPTED, CaseState.LETTER_SIGNED)

# The one transition table: action -> (allowed from, to).
TRANSITIONS = {
    "sign_letter": ({CaseState.ACCEPTED, CaseState.LETTER_SIGNED, CaseState.APPROVED},
                    None),  # a new letter keeps the state
    "decide": ({CaseState.LETTER_SIGNED}, CaseState.APPROVED),
    "fulfil": ({CaseState.APPROVED, CaseState.SUSPENDED}, CaseState.FULFILLED),
    "fail": ({CaseState.APPROVED, CaseState.SUSPENDED}, CaseState.REVOCATION_PENDING),
    "extend": ({CaseState.APPROVED, CaseState.SUSPENDED}, None),
    "resume": ({CaseState.SUSPENDED}, None),  # back to suspended_from, set by the service
    "suspend": (set(UNDECIDED), CaseState.SUSPENDED),  # CMT-7: pending, not yet decided
    "revoke": ({CaseState.REVOCATION_PENDING, CaseState.APPROVED, CaseState.SUSPENDED,
                CaseState.FULFILLED},  # each only on a recorded ground (CMT-8)
               CaseState.REVOKED),
}

ACTION_LABELS = {
    "accept": "受理承诺审批申请",
    "sign_letter": "双方签署承诺书",
    "decide": "作出承诺审批决定",
    "push": "推送监管部门",
    "material_accepted": "收取补正材料（合格）",
    "material_rejected": "收取补正材料（不符合要求）",
    "material_late": "收取补正材料（已逾期）",
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


def case_path(case: CommitmentCase) -> str:
    """The case page, for notification links (also written by jobs, outside any request)."""
    return f"/commitment/{case.id}"


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日" + ("（暂定）" if workdays.is_provisional(d) else "")


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


def sign_letter(actor, case: CommitmentCase, now: datetime | None = None):
    """CMT-2: the letter with the eight confirmations, signed by both sides, stored. CMT-4: the
    first signing is the day of the commitment; the materials deadline counts from it (a new
    letter after a change of name or representative does not move it)."""
    now = now or clock.now()
    move(case, "sign_letter", actor)
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
    _start_reminders(case, now)
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


def materials_due_at(case: CommitmentCase) -> datetime:
    """The materials deadline with the calendar as it is now (CAL-6: even before the
    recompute job has run)."""
    deadline = deadlines.get(case, MATERIALS_CLOCK)
    if deadline is None:
        return clock.end_of_day(case.materials_due)
    return deadlines.current_due_at(deadline)


def _start_reminders(case: CommitmentCase, now: datetime) -> None:
    """SMS to the party 10 and 3 wd before the deadline and to the approver on the day (09:00)."""
    due = case.materials_due
    provisional = workdays.is_provisional(due)
    for kind, moment in ((REMIND_10_CLOCK, _morning(_workdays_before(due, REMIND_BEFORE[0]))),
                         (REMIND_CLOCK, _morning(_workdays_before(due, REMIND_BEFORE[1]))),
                         (DUE_TODAY_CLOCK, _morning(due))):
        deadlines.start(case, kind, moment, provisional=provisional, rule="CMT-4", now=now)


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
        _stop_clocks(case, now)
        return "材料已全部补齐，案件履约，申请人评为诚实守信。"
    return "材料核验结果已记录。"


# CRD-2 grounds of the 失信 record a revocation makes (None: no record of its own)
CREDIT_GROUNDS = {
    RevocationGround.LATE: "late_materials",
    RevocationGround.MATERIALS_REJECTED: "materials_revoked",
    RevocationGround.SUPERVISION: "supervision_violation",
    RevocationGround.FALSE_MATERIALS: "fraud",  # CRD-3(1): 严重失信
    RevocationGround.BLACKLISTING: None,  # CMT-7: follows from an act already recorded
}
# CMT-9 (002 全程监督 Art 17): revoked for facts differing from the commitment or false
# materials → no more commitment approval
BARRING_GROUNDS = frozenset({RevocationGround.SUPERVISION, RevocationGround.FALSE_MATERIALS})
GROUND_SUPERVISION = "supervision_violation"  # SUP-4 penalty records use the same CRD-2 ground


def fail(case: CommitmentCase, facts: str, basis: RevocationGround, *, actor=None,
         now: datetime | None = None, act_on: date | None = None) -> None:
    """CMT-6: the case goes to revocation (CMT-8) on a recorded ground. CMT-10: the 失信 act is
    to be entered within 7 wd; the clock runs from the act."""
    now = now or clock.now()
    move(case, "fail", actor, reason=facts, basis=basis.value)
    case.revocation_ground = facts
    case.revocation_basis = basis.value
    _stop_clocks(case, now)
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


def extend(actor, case: CommitmentCase, request_text: str, now: datetime | None = None) -> None:
    """CMT-4: one written extension of 20 wd, granted by the authority's legal representative."""
    now = now or clock.now()
    if not may_extend(actor):
        raise PermissionDenied("只有具有本机关法定代表人权限的人员才能批准延期。")
    if case.extended:
        raise DomainError("补正期限只能延长一次。")
    if not request_text.strip():
        raise DomainError("请填写申请人的书面延期申请内容。", field="request_text")
    if now > materials_due_at(case):
        raise DomainError("补正期限已届满，不能再延期。")
    move(case, "extend", actor, reason=request_text.strip())
    case.extension_request = request_text.strip()
    case.extended_by_id = actor.id
    case.extended_at = now
    _start_materials_clock(case, now)
    _start_reminders(case, now)
    db.session.flush()


# ---- CMT-7 blacklisting ---------------------------------------------------------------------

def _obtained_results(party: Party, exclude_id: int | None, serious: bool) -> list[CommitmentCase]:
    """Results already obtained by commitment and still in force; for 严重失信 those whose
    materials are complete are kept (000 诚信档案 Art 9)."""
    states = [CaseState.APPROVED, CaseState.SUSPENDED] + ([] if serious else [CaseState.FULFILLED])
    cases = db.session.scalars(select(CommitmentCase).where(
        CommitmentCase.party_id == party.id, CommitmentCase.state.in_(states),
        CommitmentCase.decided_at.is_not(None)).order_by(CommitmentCase.id)).all()
    return [c for c in cases if c.id != exclude_id]


def suspend_for_blacklist(party: Party, *, except_case_id: int | None = None) -> list:
    """CMT-7: pending (not yet decided) cases are suspended until the materials are complete."""
    cases = db.session.scalars(select(CommitmentCase).where(
        CommitmentCase.party_id == party.id, CommitmentCase.state.in_(UNDECIDED))).all()
    suspended = []
    for case in cases:
        if case.id == except_case_id:
            continue
        previous = case.state.value
        move(case, "suspend", None, reason="当事人列入失信名单")
        case.suspended_from = previous
        suspended.append(case)
    db.session.flush()
    return suspended


def on_party_blacklisted(party, record=None, status=None, **_) -> None:
    """CMT-7 (000 诚信档案 Art 7, 9): pending cases are suspended and the results already
    obtained by commitment are revoked on the ground of the blacklisting — no second 失信
    record (the act is the one `record` names)."""
    own_case = record.subject_id if record is not None and \
        record.subject_type == CommitmentCase.__tablename__ else None
    suspend_for_blacklist(party, except_case_id=own_case)
    serious = status is not None and credit.is_seriously_dishonest(status)
    for case in _obtained_results(party, own_case, serious):
        facts = (f"申请人于{record.listed_on.year}年{record.listed_on.month}月{record.listed_on.day}日"
                 f"因“{record.description}”被列入政务服务诚信档案黑名单" if record is not None
                 else "申请人被列入政务服务诚信档案黑名单")
        _revoke(None, case, RevocationGround.BLACKLISTING, facts)  # by the system, per office


# ---- CMT-8 revocation -----------------------------------------------------------------------

def revocation_grounds(case: CommitmentCase, on: date | None = None) -> list[RevocationGround]:
    """The grounds on which the approval office may revoke this case now (CMT-8). The
    supervision ground comes only through the recommendation (SUP-3)."""
    if case.state not in TRANSITIONS["revoke"][0] or case.decided_at is None:
        return []
    on = on or clock.today()
    grounds = []
    if case.revocation_basis and case.state == CaseState.REVOCATION_PENDING:
        grounds.append(RevocationGround(case.revocation_basis))
    elif case.state in (CaseState.APPROVED, CaseState.SUSPENDED):
        if clock.now() > materials_due_at(case):
            grounds.append(RevocationGround.LATE)
        if any(m.state == MaterialState.REJECTED for m in case.materials):
            grounds.append(RevocationGround.MATERIALS_REJECTED)
    grounds.append(RevocationGround.FALSE_MATERIALS)
    status = credit.credit_status(case.party, on)
    if status.blacklisted and not (credit.is_seriously_dishonest(status)
                                   and case.state == CaseState.FULFILLED):
        grounds.append(RevocationGround.BLACKLISTING)
    return list(dict.fromkeys(grounds))


def revoke(actor, case: CommitmentCase, basis, facts: str = "", now: datetime | None = None):
    """CMT-8: revocation by the approval office, only on a recorded ground."""
    if case.office_id != actor.office_id:
        raise PermissionDenied("只能撤销本处室作出的决定。")
    try:
        basis = RevocationGround(basis)
    except ValueError:
        raise DomainError("请选择撤销的法定事由。", field="basis") from None
    allowed = revocation_grounds(case, clock.to_local(now or clock.now()).date())
    if basis not in allowed:
        if not allowed:
            raise DomainError(f"当前状态“{case.state.label}”的案件没有可撤销的法定事由，不能撤销。",
                              field="basis")
        raise DomainError(f"不能以“{basis.label}”为由撤销本案件。可以适用的事由："
                          + "、".join(g.label for g in allowed) + "。", field="basis")
    facts = (facts or "").strip() or (case.revocation_ground if basis.value == case.revocation_basis
                                      else "")
    if not facts:
        raise DomainError("请填写撤销所依据的事实。", field="ground")
    return _revoke(actor, case, basis, facts, now)


def revoke_on_recommendation(actor, case: CommitmentCase, recommendation: str,
                             now: datetime | None = None):
    """SUP-3: the approval office agrees with the supervision office's recommendation."""
    if case.office_id != actor.office_id:
        raise PermissionDenied("只能撤销本处室作出的决定。")
    return _revoke(actor, case, RevocationGround.SUPERVISION,
                   f"经监管部门核查，{recommendation.strip()}", now)


def _revoke(actor, case: CommitmentCase, basis: RevocationGround, facts: str,
            now: datetime | None = None):
    """The decision (DOC-2), at most one 失信 record for the act (CMT-6), its publication, the
    push (LNK-3) and the SMS to the party. `actor` None: the system, for the case's office."""
    now = now or clock.now()
    move(case, "revoke", actor, reason=facts, basis=basis.value)
    case.revocation_ground = facts
    case.revocation_basis = basis.value
    case.revoked_at = now
    today = clock.to_local(now).date()
    act = deadlines.get(case, CREDIT_ENTRY_CLOCK)
    act_on = clock.to_local(act.basis_at).date() if act is not None and act.basis_at else today
    _stop_clocks(case, now)
    document = store_document(case, "revocation", "撤销行政许可决定书",
                              "commitment/pdf/revocation.html", actor=actor, office=case.office,
                              basis=basis, reviewing_body=case.office.reviewing_body())
    case.revocation_number = document.number
    ground = CREDIT_GROUNDS[basis]
    if ground is not None:
        case.credit_ground = ground
        credit.record_dishonesty(  # CMT-6 / CRD-2, one record per act
            case.party, level="serious" if ground == "fraud" else "dishonest", ground=ground,
            office=case.office, description=f"{case.item_name}（{case.decision_number}）：{facts}",
            source="supervision" if basis == RevocationGround.SUPERVISION else "approval",
            actor=actor, occurred_on=min(act_on, today), subject=case,
            bars_commitment=basis in BARRING_GROUNDS)
    case.published_at = now  # CMT-8: published with the decision
    audit.record("commitment.publish", subject=case, actor=actor,
                 after={"number": case.revocation_number})
    case_revoked.send(case, now=now)  # LNK-3: revocations are pushed too
    if case.party.phone:
        outbox.queue(key=f"cmt-revoked-{case.id}", channel=Channel.SMS, phone=case.party.phone,
                     text=f"您办理的“{case.item_name}”承诺审批决定已被撤销（{case.revocation_number}），"
                          f"事由：{basis.label}。请到窗口领取撤销决定书。")
    if actor is None:
        for user in users_with_role(case.office_id, "approver"):
            outbox.queue(key=f"cmt-auto-revoked-{case.id}-{user.id}", channel=Channel.IN_APP,
                         user=user, link=case_path(case),
                         text=f"申请人{case.party.name}列入失信名单，承诺审批决定{case.decision_number}"
                              f"已依法撤销（{case.revocation_number}）。")
    return document


# ---- deadline handlers: reminders, missed deadlines, calendar moves (NTF-2, CAL-6) ----------

REMIND_10_CLOCK, REMIND_CLOCK, DUE_TODAY_CLOCK = "cmt_remind_10", "cmt_remind_3", "cmt_due_today"
CLOCKS = (MATERIALS_CLOCK, REMIND_10_CLOCK, REMIND_CLOCK, DUE_TODAY_CLOCK, CREDIT_ENTRY_CLOCK)


def _morning(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=clock.SHANGHAI)


def _case_of(deadline) -> CommitmentCase | None:
    case = db.session.get(CommitmentCase, deadline.subject_id)
    decided = case is not None and case.decided_at is not None
    return case if decided and case.state in (CaseState.APPROVED, CaseState.SUSPENDED) else None


def _remind_party(case: CommitmentCase, left: int) -> None:
    if case.party.phone:
        outbox.queue(key=f"cmt-remind-{case.id}-{case.materials_due}-{left}", channel=Channel.SMS,
                     phone=case.party.phone,
                     text=f"提醒：您承诺补正的“{case.item_name}”材料须在{cn_date(case.materials_due)}"
                          f"前提交，还有{left}个工作日。")


@deadlines.on_overdue(REMIND_10_CLOCK)
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
                     text=f"承诺审批案件{case.decision_number}（{case.party.name}）补正材料今日到期"
                          f"（{cn_date(case.materials_due)}）。")


@deadlines.on_overdue(MATERIALS_CLOCK)
def _missed(deadline, now=None) -> None:
    """CMT-6: the deadline passed without all materials → the revocation path."""
    case = _case_of(deadline)
    if case is not None:
        due = case.materials_due
        fail(case, f"未在{cn_date(due)}前补齐承诺的材料", RevocationGround.LATE, now=now,
             act_on=due + timedelta(days=1))


@deadlines.on_overdue(CREDIT_ENTRY_CLOCK)
def _credit_entry_late(deadline, now=None) -> None:
    """CMT-10: the 失信 act is not yet in the credit record 7 wd after it."""
    case = db.session.get(CommitmentCase, deadline.subject_id)
    if case is None or case.state != CaseState.REVOCATION_PENDING:
        return
    for role in ("approver", "credit_officer"):
        for user in users_with_role(case.office_id, role):
            outbox.queue(key=f"cmt-entry-late-{case.id}-{user.id}", channel=Channel.IN_APP,
                         user=user, link=case_path(case),
                         text=f"承诺审批案件{case.decision_number}（{case.party.name}）的失信行为已超过"
                              "7个工作日未录入诚信档案，请立即出具撤销决定并录入。")


@deadlines.on_moved(MATERIALS_CLOCK)
def _materials_moved(deadline, old_due_at, now) -> None:
    """CAL-6: the case shows the recomputed date; the reminders follow; owner and party told."""
    case = db.session.get(CommitmentCase, deadline.subject_id)
    if case is None:
        return
    old_due = clock.to_local(old_due_at).date()
    case.materials_due = clock.to_local(deadline.due_at).date()
    if case.decided_at is not None and case.state in (CaseState.APPROVED, CaseState.SUSPENDED):
        _start_reminders(case, now)
    text = (f"因工作日历调整，承诺审批案件{case.decision_number or '（待决定）'}（{case.party.name}）"
            f"的补正期限由{cn_date(old_due)}变更为{cn_date(case.materials_due)}。")
    outbox.queue(key=f"cmt-moved-{case.id}-{case.materials_due}-{case.created_by_id}",
                 channel=Channel.IN_APP, user=case.created_by, text=text,
                 link=case_path(case))
    if case.party.phone and case.decided_at is not None:
        outbox.queue(key=f"cmt-moved-sms-{case.id}-{case.materials_due}", channel=Channel.SMS,
                     phone=case.party.phone,
                     text=f"因法定节假日安排调整，您承诺补正“{case.item_name}”材料的期限变更为"
                          f"{cn_date(case.materials_due)}。")
    db.session.flush()


@deadlines.on_moved(LETTER_PUBLISH_CLOCK)
def _letter_publication_moved(deadline, old_due_at, now) -> None:
    case = db.session.get(CommitmentCase, deadline.subject_id)
    if case is not None:
        new_due = clock.to_local(deadline.due_at).date()
        outbox.queue(key=f"cmt-letter-moved-{case.id}-{new_due}", channel=Channel.IN_APP,
                     user=case.created_by, link=case_path(case),
                     text=f"因工作日历调整，{case.party.name}承诺书的公开期限变更为{cn_date(new_due)}。")


# ---- numbers and stored documents ----------------------------------------------------------

SERIES = {  # gap-free per office and year (CMT-8), core/numbering
    "approval": NumberSeries("commitment_approval", "津承审"),
    "revocation": NumberSeries("commitment_revocation", "津撤决"),
    "rectification": NumberSeries("supervision_rectification", "津监整"),
    "recommendation": NumberSeries("supervision_recommendation", "津监建"),
}


def store_document(case, kind: str, title: str, template: str, *, actor, office=None,
                   **context):
    """Issue through app.documents: numbered (if the kind is), rendered once, stored."""
    return issue_document(DOCUMENT_KINDS[kind], template, case, SERIES.get(kind), actor, title,
                          office=office, case=case, **context)


def timeline(case: CommitmentCase) -> list:
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.subject_type == CommitmentCase.__tablename__,
        AuditEntry.subject_id == case.id).order_by(AuditEntry.id)).all()


def todos(user) -> list:
    """我的待办: pending commitment cases of the approver's office, with the worst light."""
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
