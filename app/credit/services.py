"""Credit-file rules (CRD-1..10). The public API other modules call:

credit_status(party, on=date) -> CreditStatus        derived from the records, never stored (CRD-4)
record_dishonesty(party, *, level, ground, office, description, source, actor, occurred_on,
                  subject=None) -> CreditRecord     the only way a record is made (CRD-2/3)
mark_corrected(record, corrected_on, *, actor, reason) the correction date repair counts from
party_blacklisted                                      blinker signal, sender=party (CMT-7)

For CMT-1 / APT: `credit_status(party).restricted` is True during the year after a listing (no
承诺审批, 以函代证, 预约审批); `.blacklisted` stays True until repair or a 删除 objection;
`.booking_banned` adds the CRD-8 no-show ban; `.green_channel` / `.education` are CRD-9.
Templates can show it with {% include "credit/_status.html" %} (expects `status`).
"""
import calendar
import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from blinker import Namespace
from sqlalchemy import select

from ..accounts.models import users_with_role
from ..accounts.roles import OfficeKind
from ..core import audit, clock, deadlines, workdays
from ..core.errors import DomainError
from ..core.numbering import NumberSeries
from ..documents.services import issue_document, issued_for
from ..extensions import db
from ..notify.models import Channel as NotifyChannel
from ..notify.outbox import queue
from ..parties.models import Party
from .models import (
    REPAIR_MATERIALS, Channel, CreditGround, CreditLevel, CreditRecord,
    CreditRecordHistory, CreditSource, Objection, ObjectionDecision, ProcedureState, RecordState,
    RepairApplication,
)

# Sent with sender=party, record=, status=, previous= (the StatusKind before) whenever a record
# that counts is entered (the party is, or stays, on the blacklist — Art 10 accumulates), and
# when an objection 修改 raises the party to 严重失信. CMT-7 listens.
party_blacklisted = Namespace().signal("party-blacklisted")


class StatusKind(str, enum.Enum):
    HONEST = "honest"
    BLACKLISTED = "blacklisted"
    SERIOUSLY_DISHONEST = "seriously_dishonest"

    @property
    def label(self) -> str:
        return {"honest": "诚实守信", "blacklisted": "失信（黑名单）",
                "seriously_dishonest": "严重失信（黑名单）"}[self.value]


_RANK = {StatusKind.HONEST: 0, StatusKind.BLACKLISTED: 1, StatusKind.SERIOUSLY_DISHONEST: 2}


@dataclass(frozen=True)
class CreditStatus:
    kind: StatusKind
    label: str
    restricted_until: date | None          # last day without 承诺审批/以函代证/预约审批 (CRD-4)
    records: tuple = ()                    # the records in force that cause the status
    green_channel: bool = False            # CRD-9
    education: bool = False                # CRD-9 minor dishonesty
    booking_banned_until: date | None = None  # CRD-8 no-shows
    on: date | None = None
    marks: tuple[str, ...] = field(default=())  # 异议处理中 / 信用修复中
    commitment_bar: "CreditRecord | None" = None  # CMT-9: no commitment approval, no end date

    @property
    def blacklisted(self) -> bool:
        return self.kind != StatusKind.HONEST

    @property
    def restricted(self) -> bool:
        """CRD-4/CMT-1: no commitment approval, 以函代证 or 预约审批 today."""
        return self.restricted_until is not None and self.on <= self.restricted_until

    @property
    def commitment_barred(self) -> bool:
        """CMT-1 + CMT-9: commitment approval refused today."""
        return self.restricted or self.commitment_bar is not None

    @property
    def booking_banned(self) -> bool:
        banned = self.booking_banned_until is not None and self.on <= self.booking_banned_until
        return banned or self.restricted

    @property
    def focus_of_supervision(self) -> bool:  # CRD-5
        return self.kind == StatusKind.SERIOUSLY_DISHONEST


def add_years(d: date, years: int) -> date:
    """The corresponding day `years` later; Feb 29 → Feb 28 (民法典 Art 202: no corresponding
    day → the last day of the month)."""
    return add_months(d, 12 * years)


def add_months(d: date, months: int) -> date:
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def restriction_end(listed_on: date) -> date:
    """CRD-4 "1年内": the listing day does not count; the period ends on the corresponding day a
    year later (民法典 Art 201/202). Listed 2025-11-23 → restricted through 2026-11-23 (day 365),
    free on 2026-11-24 (day 366)."""
    return add_years(listed_on, 1)


def party_records(party: Party) -> list[CreditRecord]:
    return list(db.session.scalars(
        select(CreditRecord).where(CreditRecord.party_id == party.id).order_by(CreditRecord.id)))


def credit_status(party: Party, on: date | None = None) -> CreditStatus:
    """CRD-4/5/8/9: the status on day `on` (default today), derived from the records."""
    on = on or clock.today()
    records = [r for r in party_records(party) if r.listed_on <= on]
    judged = [r for r in records if r.ground.counts and r.state != RecordState.DELETED]
    in_force = tuple(r for r in judged if r.state.in_force)
    no_shows = [r for r in records if r.ground == CreditGround.NO_SHOWS and r.state.in_force]
    banned_until = max((add_months(r.listed_on, 6) for r in no_shows), default=None)  # CRD-8
    if banned_until is not None and on > banned_until:
        banned_until = None
    education = any(r.ground == CreditGround.MINOR and r.state.in_force for r in records)
    marks = tuple(sorted({r.state.label for r in in_force if r.state != RecordState.ACTIVE}))
    # CMT-9: lifted only when the record is deleted by an upheld objection
    bar = next((r for r in records if r.bars_commitment and r.state != RecordState.DELETED), None)
    if not in_force:
        return CreditStatus(StatusKind.HONEST, StatusKind.HONEST.label, None, (),
                            green_channel=not education and bar is None, education=education,
                            booking_banned_until=banned_until, on=on, marks=marks,
                            commitment_bar=bar)
    # CRD-3(2)/Art 8(2): judged 失信 twice or more (repaired ones were judged too) → 严重失信
    serious = any(r.level == CreditLevel.SERIOUS for r in in_force) or len(judged) >= 2
    kind = StatusKind.SERIOUSLY_DISHONEST if serious else StatusKind.BLACKLISTED
    until = max(restriction_end(r.listed_on) for r in in_force)
    restriction = (f"限制至{cn_date(until)}" if on <= until else "限制期已满，仍在黑名单，待信用修复"
                   if not serious else "限制期已满，仍在黑名单")
    label = f"{kind.label}，{restriction}" + "".join(f"，{m}" for m in marks)
    if bar is not None:
        label += "，不再适用承诺审批"
    return CreditStatus(kind, label, until if on <= until else None, in_force,
                        education=education, booking_banned_until=banned_until, on=on,
                        marks=marks, commitment_bar=bar)


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _actor_name(actor) -> str:
    return actor.name if actor is not None else "系统"


def log_change(record: CreditRecord, action: str, actor, *, reason: str = "", before=None, after=None):
    """CRD-10 history row + SEC-4 audit row, in the caller's transaction."""
    db.session.add(CreditRecordHistory(
        record_id=record.id, at=clock.now(), actor_id=actor.id if actor else None,
        actor_name=_actor_name(actor), action=action, reason=reason,
        before=audit._jsonable(before), after=audit._jsonable(after)))
    audit.record(f"credit.{action}", subject=record, before=before, after=after, reason=reason,
                 actor=actor)
    db.session.flush()


def _set_state(record: CreditRecord, state: RecordState, action: str, actor, reason: str = ""):
    before = record.snapshot()
    record.state = state
    db.session.flush()
    log_change(record, action, actor, reason=reason, before=before, after=record.snapshot())


def record_dishonesty(party: Party, *, level, ground, office, description: str, source, actor,
                      occurred_on: date, subject=None, bars_commitment: bool = False) -> CreditRecord:
    """CRD-2/3: enter a determination of dishonesty. A second 失信 makes the party 严重失信
    (derived, CRD-4). One act, one record (CMT-6): the act is the subject and the ground, and
    recording it again returns the first record (safe for retried jobs; a unique constraint
    backs it). `bars_commitment` marks the CMT-9 bar."""
    level, ground, source = CreditLevel(level), CreditGround(ground), CreditSource(source)
    description = (description or "").strip()
    if level != ground.level:
        raise DomainError(f"“{ground.label}”属于{ground.level.label}情形，等级应为{ground.level.label}。",
                          field="level")
    if not description:
        raise DomainError("请填写失信行为的具体描述。", field="description")
    if office is None or office.kind != OfficeKind.APPROVAL:
        raise DomainError("失信记录由履行审批职责的行政机关认定并录入。", field="office")
    if occurred_on > clock.today():
        raise DomainError("失信行为发生日期不能晚于今天。", field="occurred_on")
    subject_type, subject_id = (subject.__tablename__, subject.id) if subject is not None else ("", None)
    if subject is not None:
        existing = db.session.scalar(select(CreditRecord).where(
            CreditRecord.party_id == party.id, CreditRecord.subject_type == subject_type,
            CreditRecord.subject_id == subject_id, CreditRecord.ground == ground))
        if existing is not None:
            return existing
    previous = credit_status(party).kind
    record = CreditRecord(
        party_id=party.id, level=level, ground=ground, office_id=office.id,
        description=description, source=source, occurred_on=occurred_on,
        listed_on=clock.today(), subject_type=subject_type, subject_id=subject_id,
        state=RecordState.ACTIVE, created_at=clock.now(), bars_commitment=bars_commitment,
        created_by_id=actor.id if actor is not None else None)
    db.session.add(record)
    db.session.flush()
    log_change(record, "created", actor, reason=description, after=record.snapshot())
    status = credit_status(party)
    for officer in users_with_role(office.id, "credit_officer"):
        queue(key=f"credit:record:{record.id}:officer:{officer.id}", channel=NotifyChannel.IN_APP,
              user=officer, text=f"{party.name} 新增{ground.level.label}记录，当前状态：{status.label}。",
              link=party_path(party.id))
    if ground.counts:
        party_blacklisted.send(party, record=record, status=status, previous=previous)
    return record


def mark_corrected(record: CreditRecord, corrected_on: date, *, actor, reason: str) -> CreditRecord:
    """Register the day the party corrected the dishonest act (CRD-7 counts a year from it)."""
    if not record.state.in_force:
        raise DomainError("该记录已不在档案有效期内。")
    if corrected_on > clock.today() or corrected_on < record.occurred_on:
        raise DomainError("纠正日期应在失信行为发生之后、且不晚于今天。", field="corrected_on")
    if not (reason or "").strip():
        raise DomainError("请说明纠正情况。", field="reason")
    before = record.snapshot()
    record.corrected_on = corrected_on
    db.session.flush()
    log_change(record, "corrected", actor, reason=reason.strip(), before=before, after=record.snapshot())
    return record


# ---------------------------------------------------------------- objections and repairs (CRD-6/7)

DECIDE, PUBLICITY, UPDATE = "decide", "publicity", "update"


def party_path(party_id: int) -> str:
    """The party's credit file, for notification links (written by jobs too, outside any request)."""
    return f"/credit/party/{party_id}"


def procedure_path(procedure) -> str:
    """The objection or repair page, for notification links."""
    if isinstance(procedure, Objection):
        return f"/credit/objections/{procedure.id}"
    return f"/credit/repairs/{procedure.id}"


def clock_kind(procedure, step: str) -> str:
    return f"credit.{'objection' if isinstance(procedure, Objection) else 'repair'}.{step}"


def _remind(procedure, step: str, text: str) -> None:
    """Reminders to the credit officers of the determining office (NTF-1)."""
    office_id = procedure.record.office_id
    for officer in users_with_role(office_id, "credit_officer"):
        queue(key=f"{clock_kind(procedure, step)}:{procedure.id}:{officer.id}",
              channel=NotifyChannel.IN_APP, user=officer, text=text, link=procedure_path(procedure))


def _open_procedure(record: CreditRecord):
    for model in (Objection, RepairApplication):
        found = db.session.scalar(select(model).where(
            model.record_id == record.id,
            model.state.in_([ProcedureState.RECEIVED, ProcedureState.PUBLICITY])))
        if found is not None:
            return found
    return None


def _start_intake(procedure, record: CreditRecord, state: RecordState, action: str, actor, now):
    if not record.state.in_force:
        raise DomainError("该记录已删除或已修复，不能再提出申请。")
    if _open_procedure(record) is not None:
        raise DomainError("该记录已有正在处理的异议或信用修复申请。")
    if not (procedure.reason or "").strip():
        raise DomainError("请填写申请原因。", field="reason")
    procedure.received_at = now
    procedure.received_by_id = actor.id if actor else None
    procedure.state = ProcedureState.RECEIVED
    db.session.add(procedure)
    db.session.flush()
    _set_state(record, state, action, actor, reason=procedure.reason)
    due = deadlines.start_workdays(procedure, clock_kind(procedure, DECIDE), now, 3, warn_after=2,
                                   rule="CRD-6" if isinstance(procedure, Objection) else "CRD-7",
                                   now=now)
    kind = "异议" if isinstance(procedure, Objection) else "信用修复申请"
    _remind(procedure, DECIDE, f"{record.party.name} 的{kind}已受理，请于{clock.to_local(due.due_at):%Y年%m月%d日}前作出决定。")
    return procedure


def file_objection(record: CreditRecord, *, channel, reason: str, item_name: str = "",
                   item_code: str = "", actor, now: datetime | None = None) -> Objection:
    """CRD-6: the record is marked 异议处理中 and still counts; decision within 3 wd."""
    objection = Objection(record_id=record.id, record=record, channel=Channel(channel),
                          reason=(reason or "").strip(), item_name=item_name.strip(),
                          item_code=item_code.strip())
    return _start_intake(objection, record, RecordState.UNDER_OBJECTION, "objection_filed",
                         actor, now or clock.now())


def _start_publicity(procedure, actor, now: datetime) -> None:
    """3 wd of publicity after the decision day, then the update within 1 wd (CRD-6/7)."""
    decided_day = clock.to_local(now).date()
    procedure.decided_at = now
    procedure.state = ProcedureState.PUBLICITY
    procedure.publicity_from = workdays.add_workdays(decided_day, 1)
    procedure.publicity_until = workdays.add_workdays(decided_day, 3)
    deadlines.stop(procedure, clock_kind(procedure, DECIDE), now=now)
    rule = "CRD-6" if isinstance(procedure, Objection) else "CRD-7"
    deadlines.start_workdays(procedure, clock_kind(procedure, PUBLICITY), now, 3, rule=rule, now=now)
    update = deadlines.start_workdays(procedure, clock_kind(procedure, UPDATE),
                                      clock.end_of_day(procedure.publicity_until), 1, warn_after=0,
                                      rule=rule, now=now)
    db.session.flush()
    _remind(procedure, PUBLICITY,
            f"{procedure.record.party.name}：处理结果公示{cn_date(procedure.publicity_from)}至"
            f"{cn_date(procedure.publicity_until)}，请于{clock.to_local(update.due_at):%Y年%m月%d日}前更新信用信息。")


def decide_objection(objection: Objection, *, decision, decision_text: str, actor,
                     new_level=None, new_description: str = "", now: datetime | None = None) -> Objection:
    """CRD-6: maintain / modify / delete with written reasons; the result goes to publicity."""
    now = now or clock.now()
    if objection.state != ProcedureState.RECEIVED:
        raise DomainError("该异议已作出决定。")
    decision = ObjectionDecision(decision)
    if not (decision_text or "").strip():
        raise DomainError("请填写处理决定的理由（书面反馈内容）。", field="decision_text")
    record = objection.record
    if decision == ObjectionDecision.MODIFY:
        new_level = CreditLevel(new_level) if new_level else record.level
        if new_level == record.level and not (new_description or "").strip():
            raise DomainError("“修改”决定需写明修改后的等级或描述。", field="new_description")
        objection.new_level = new_level
        objection.new_description = (new_description or "").strip()
    objection.decision = decision
    objection.decision_text = decision_text.strip()
    _start_publicity(objection, actor, now)
    log_change(record, "objection_decided", actor, reason=objection.decision_text,
         after={"decision": decision.label, "publicity_from": objection.publicity_from,
                "publicity_until": objection.publicity_until})
    _issue_decision(objection, actor)
    return objection


# The written feedback of CRD-6 and the decision of CRD-7 are issued once, at the decision, and
# stored (DOC-1): applying a 修改 later changes the record, never the letter the party received.
DECISION_DOCUMENTS = {
    Objection: ("credit_objection_feedback", "credit/pdf/objection_feedback.html"),
    RepairApplication: ("credit_repair_decision", "credit/pdf/repair_decision.html"),
}


def _decision_title(procedure) -> str:
    if isinstance(procedure, Objection):
        return "政务服务诚信档案异议处理决定书"
    return "政务服务诚信档案信用修复决定书" if procedure.granted else "政务服务诚信档案不予信用修复告知书"


# Numbered from the gap-free series of the deciding office and year (DOC-1, core/numbering),
# like the commitment documents: 津信异决〔2026〕3号, 津信修决〔2026〕5号.
DECISION_SERIES = {
    Objection: NumberSeries("credit_objection_decision", "津信异决"),
    RepairApplication: NumberSeries("credit_repair_decision", "津信修决"),
}


def _issue_decision(procedure, actor) -> None:
    kind, template = DECISION_DOCUMENTS[type(procedure)]
    issue_document(kind, template, procedure, DECISION_SERIES[type(procedure)], actor,
                   _decision_title(procedure),
                   item=procedure, record=procedure.record)


def decision_document(procedure):
    """The stored decision PDF of an objection or repair, None before the decision."""
    found = issued_for(procedure, DECISION_DOCUMENTS[type(procedure)][0])
    return found[-1] if found else None


def _ensure_publicity_over(procedure, now: datetime) -> None:
    if procedure.state != ProcedureState.PUBLICITY:
        raise DomainError("该申请不在公示阶段。")
    if clock.to_local(now).date() <= procedure.publicity_until:
        raise DomainError(f"公示期至{cn_date(procedure.publicity_until)}，公示期满后方可更新。")


def _close_clocks(procedure, now: datetime) -> None:
    for step in (DECIDE, PUBLICITY, UPDATE):
        deadlines.stop(procedure, clock_kind(procedure, step), now=now)


def _inform_party(procedure, text: str) -> None:
    party = procedure.record.party
    if party.phone:
        queue(key=f"{clock_kind(procedure, 'result')}:{procedure.id}", channel=NotifyChannel.SMS,
              phone=party.phone, text=text)


def apply_objection(objection: Objection, *, actor, now: datetime | None = None) -> Objection:
    """CRD-6/10: after publicity the record is updated: maintained, modified, or deleted (a state)."""
    now = now or clock.now()
    _ensure_publicity_over(objection, now)
    record = objection.record
    before, previous = record.snapshot(), credit_status(record.party).kind
    if objection.decision == ObjectionDecision.DELETE:
        record.state = RecordState.DELETED
    else:
        record.state = RecordState.ACTIVE
        if objection.decision == ObjectionDecision.MODIFY:
            record.level = objection.new_level or record.level
            record.description = objection.new_description or record.description
    objection.state = ProcedureState.APPLIED
    objection.applied_at = now
    db.session.flush()
    log_change(record, "objection_applied", actor, reason=f"异议决定：{objection.decision.label}",
         before=before, after=record.snapshot())
    _close_clocks(objection, now)
    status = credit_status(record.party)
    if _RANK[status.kind] > _RANK[previous]:  # a 修改 up to 严重失信 (CMT-7 for serious)
        party_blacklisted.send(record.party, record=record, status=status, previous=previous)
    _inform_party(objection, f"您对政务服务诚信档案信息的异议已处理完毕，处理结果：{objection.decision.label}。")
    return objection


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str


def repair_eligibility(record: CreditRecord, on: date | None = None,
                       materials=None) -> list[Check]:
    """CRD-5/7 (000 诚信档案 Art 9, 15; 002 失信惩戒 Art 12), condition by condition."""
    on = on or clock.today()
    status = credit_status(record.party, on)
    checks = [Check("信用状态被列入黑名单", record.state.in_force and status.blacklisted,
                    "已列入黑名单" if status.blacklisted else "未列入黑名单，无需修复")]
    serious = status.kind == StatusKind.SERIOUSLY_DISHONEST
    checks.append(Check("不属于严重失信", not serious,
                        "严重失信不得修复（诚信档案管理办法第九条）" if serious else "不属于严重失信"))
    if record.corrected_on is None:
        checks.append(Check("自纠正之日起1年内未再发生失信", False, "尚未登记纠正失信行为的日期"))
    else:
        year_end = add_years(record.corrected_on, 1)
        later = [r for r in party_records(record.party) if r.id != record.id and r.ground.counts
                 and r.state != RecordState.DELETED and r.occurred_on > record.corrected_on]
        if later:
            detail, ok = f"纠正后又发生失信（{cn_date(later[0].occurred_on)}）", False
        elif on <= year_end:
            detail, ok = f"距纠正之日不足1年：还差 {(year_end - on).days + 1} 天", False
        else:
            detail, ok = f"自{cn_date(record.corrected_on)}纠正起已满1年，未再发生失信", True
        checks.append(Check("自纠正之日起1年内未再发生失信", ok, detail))
    major = record.ground == CreditGround.MAJOR_CONSEQUENCES
    checks.append(Check("未造成重大政治、经济或法律后果", not major,
                        "失信行为造成重大后果" if major else "未造成重大后果"))
    if materials is not None:
        missing = [REPAIR_MATERIALS[k] for k in REQUIRED_REPAIR_MATERIALS if k not in materials]
        checks.append(Check("申请材料齐全", not missing,
                            "缺少：" + "、".join(missing) if missing else "必备材料已提交"))
    return checks


REQUIRED_REPAIR_MATERIALS = ("application", "qualification")


def file_repair(record: CreditRecord, *, channel, reason: str, materials, actor,
                now: datetime | None = None) -> RepairApplication:
    """CRD-7: the record is marked 信用修复中 and still used; decision within 3 wd."""
    materials = [m for m in materials if m in REPAIR_MATERIALS]
    repair = RepairApplication(record_id=record.id, record=record, channel=Channel(channel),
                               reason=(reason or "").strip(), materials=materials)
    return _start_intake(repair, record, RecordState.UNDER_REPAIR, "repair_filed", actor,
                         now or clock.now())


def decide_repair(repair: RepairApplication, *, decision_text: str = "", actor,
                  now: datetime | None = None) -> RepairApplication:
    """CRD-7: eligible → publicity; not eligible → refused with the reasons, record unmarked."""
    now = now or clock.now()
    if repair.state != ProcedureState.RECEIVED:
        raise DomainError("该信用修复申请已作出决定。")
    record = repair.record
    checks = repair_eligibility(record, clock.to_local(now).date(), repair.materials)
    repair.eligibility = [{"label": c.label, "ok": c.ok, "detail": c.detail} for c in checks]
    repair.granted = all(c.ok for c in checks)
    reasons = "；".join(c.detail for c in checks if not c.ok)
    if repair.granted:
        repair.decision_text = (decision_text or "").strip() or "符合信用修复条件，予以修复。"
        _start_publicity(repair, actor, now)
        log_change(record, "repair_granted", actor, reason=repair.decision_text,
             after={"publicity_from": repair.publicity_from, "publicity_until": repair.publicity_until})
    else:
        repair.decision_text = "不符合信用修复条件：" + reasons + "。" + (
            ("\n" + decision_text.strip()) if (decision_text or "").strip() else "")
        repair.state = ProcedureState.REFUSED
        repair.decided_at = now
        _close_clocks(repair, now)
        _set_state(record, RecordState.ACTIVE, "repair_refused", actor, reason=repair.decision_text)
        _inform_party(repair, f"您的信用修复申请不予通过。理由：{reasons}。")
    db.session.flush()
    _issue_decision(repair, actor)
    return repair


def apply_repair(repair: RepairApplication, *, actor, now: datetime | None = None) -> RepairApplication:
    """CRD-7: within 1 wd after publicity the record is marked 信用修复; the party is told."""
    now = now or clock.now()
    _ensure_publicity_over(repair, now)
    repair.state = ProcedureState.APPLIED
    repair.applied_at = now
    _set_state(repair.record, RecordState.REPAIRED, "repair_applied", actor, reason="公示期满无异议，予以信用修复")
    _close_clocks(repair, now)
    _inform_party(repair, "您的政务服务诚信档案信用修复已完成，相关信息已标注“信用修复”。")
    return repair


_IDENTIFIER = re.compile(r"[0-9A-Za-z]{15,18}")


def office_records(office_id: int, state: str = ""):
    """The records the office determined, with the list's state filter (the page and its
    Excel alike): (select, the state kept — "" when unknown)."""
    query = select(CreditRecord).where(CreditRecord.office_id == office_id)
    if state in {s.value for s in RecordState}:
        return query.where(CreditRecord.state == RecordState(state)), state
    return query, ""


def search_parties(term: str, limit: int = 50) -> list[Party]:
    """A full identifier (15–18 letters and digits) is looked up exactly through its unique
    index; anything else is a name substring (pg_trgm index on PostgreSQL, migration 0013)."""
    term = (term or "").strip()
    if not term:
        return []
    if _IDENTIFIER.fullmatch(term):
        return list(db.session.scalars(select(Party).where(Party.identifier == term.upper())))
    return list(db.session.scalars(
        select(Party).where(Party.name.contains(term, autoescape=True))
        .order_by(Party.name).limit(limit)))


def _procedure_of(deadline):
    model = Objection if ".objection." in deadline.kind else RepairApplication
    return db.session.get(model, deadline.subject_id)


def _publicity_moved(deadline, old_due_at, now) -> None:
    """CAL-6: the publicity period follows the calendar; the update clock after it too."""
    procedure = _procedure_of(deadline)
    if procedure is None or procedure.decided_at is None:
        return
    decided_day = clock.to_local(procedure.decided_at).date()
    procedure.publicity_from = workdays.add_workdays(decided_day, 1)
    procedure.publicity_until = clock.to_local(deadline.due_at).date()
    deadlines.start_workdays(procedure, clock_kind(procedure, UPDATE),
                             clock.end_of_day(procedure.publicity_until), 1, warn_after=0,
                             rule="CRD-6" if isinstance(procedure, Objection) else "CRD-7", now=now)
    _remind(procedure, f"moved-{procedure.publicity_until}",
            f"因工作日历调整，{procedure.record.party.name}的处理结果公示期变更为"
            f"{cn_date(procedure.publicity_from)}至{cn_date(procedure.publicity_until)}。")


def _decision_moved(deadline, old_due_at, now) -> None:
    procedure = _procedure_of(deadline)
    if procedure is not None:
        due = clock.to_local(deadline.due_at).date()
        _remind(procedure, f"moved-{due}",
                f"因工作日历调整，{procedure.record.party.name}的申请须于{cn_date(due)}前作出决定。")


for _kind in ("objection", "repair"):
    deadlines.on_moved(f"credit.{_kind}.{PUBLICITY}")(_publicity_moved)
    deadlines.on_moved(f"credit.{_kind}.{DECIDE}")(_decision_moved)
