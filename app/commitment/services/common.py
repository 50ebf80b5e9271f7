"""What every part of the commitment rules shares: clock kinds, the transition table, links,
dates, stored documents, the timeline and the to-do list."""
from datetime import date, datetime

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...core import audit, clock, deadlines, workdays
from ...core.audit import AuditEntry
from ...core.errors import DomainError
from ...core.navigation import TodoItem
from ...core.numbering import NumberSeries
from ...documents.services import issue_document
from ...extensions import db
from ..models import DOCUMENT_KINDS, CaseState, CommitmentCase

MATERIALS_WORKDAYS = 60  # CMT-4, from the day of the commitment
EXTENSION_WORKDAYS = 20  # CMT-4, once
REMIND_BEFORE = (10, 3)  # SMS to the party, working days before the materials deadline
CREDIT_ENTRY_WORKDAYS = 7  # CMT-10
MATERIALS_CLOCK = "cmt_materials"
CREDIT_ENTRY_CLOCK = "cmt_credit_entry"
REMIND_10_CLOCK, REMIND_CLOCK, DUE_TODAY_CLOCK = "cmt_remind_10", "cmt_remind_3", "cmt_due_today"
LETTER_PUBLISH_CLOCK, LETTER_PUBLISH_WORKDAYS = "cmt_letter_publish", 20
CLOCKS = (MATERIALS_CLOCK, REMIND_10_CLOCK, REMIND_CLOCK, DUE_TODAY_CLOCK, CREDIT_ENTRY_CLOCK)
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
    "extension_request": "登记书面延期申请",
    "extension_refused": "不予延期",
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


GREEN_CHANNEL = "绿色通道"


def credit_badge(case: CommitmentCase, status) -> tuple[str, str]:
    """(text, Bootstrap colour) of the credit badge on the case page. The credit noted at
    acceptance, except that 绿色通道 is no longer shown once the case is revoked or the party
    has since lost it (blacklisted, or any status without the green channel)."""
    if case.credit_label != GREEN_CHANNEL:
        return case.credit_label, "secondary"
    if case.state in (CaseState.REVOKED, CaseState.REVOCATION_PENDING):
        return "受理时为绿色通道，因撤销不再适用", "secondary"
    if status is not None and not getattr(status, "green_channel", False):
        return f"受理时为绿色通道，现为{status.label}", "danger"
    return GREEN_CHANNEL, "success"


def case_path(case: CommitmentCase) -> str:
    """The case page, for notification links (also written by jobs, outside any request)."""
    return f"/commitment/{case.id}"


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日" + ("（暂定）" if workdays.is_provisional(d) else "")


def morning(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=clock.SHANGHAI)


def stop_clocks(case: CommitmentCase, now: datetime | None) -> None:
    for kind in CLOCKS:
        deadlines.stop(case, kind, now=now)


def materials_due_at(case: CommitmentCase) -> datetime:
    """The materials deadline with the calendar as it is now (CAL-6: even before the
    recompute job has run)."""
    deadline = deadlines.get(case, MATERIALS_CLOCK)
    if deadline is None:
        return clock.end_of_day(case.materials_due)
    return deadlines.current_due_at(deadline)


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


def office_cases(office_id: int, state: str = ""):
    """The office's cases with the list's state filter (the page and its Excel alike):
    (select, the state kept — "" when unknown)."""
    query = select(CommitmentCase).where(CommitmentCase.office_id == office_id)
    if state in {s.value for s in CaseState}:
        return query.where(CommitmentCase.state == CaseState(state)), state
    return query, ""


def timeline(case: CommitmentCase) -> list:
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.subject_type == CommitmentCase.__tablename__,
        AuditEntry.subject_id == case.id).order_by(AuditEntry.id)).all()


TODO_STEP = {  # what the case waits for, in the approver's words
    CaseState.ACCEPTED: "待双方签署承诺书",
    CaseState.LETTER_SIGNED: "待作出审批决定",
    CaseState.APPROVED: "待收取补正材料",
    CaseState.SUSPENDED: "已中止，待材料补齐",
    CaseState.REVOCATION_PENDING: "待作出撤销决定",
}
TODO_CLOCKS = (MATERIALS_CLOCK, CREDIT_ENTRY_CLOCK, LETTER_PUBLISH_CLOCK)


def todos(user, limit: int = 20) -> list:
    """我的待办: the office's open cases, nearest deadline first (walked through the deadline
    index, LIMIT `limit`), the undecided ones without a clock, and the total (issue 14)."""
    if not user.has_any_role(("approver", "legal_rep")):
        return []
    office = CommitmentCase.office_id == user.office_id
    total = db.session.scalar(select(func.count()).select_from(CommitmentCase).where(
        office, CommitmentCase.state.in_(OPEN)))
    if not total:
        return []
    Deadline = deadlines.Deadline
    rows = db.session.execute(
        select(CommitmentCase, Deadline)
        .join(Deadline, (Deadline.subject_id == CommitmentCase.id)
              & (Deadline.subject_type == CommitmentCase.__tablename__))
        .where(office, CommitmentCase.state.in_(OPEN), Deadline.kind.in_(TODO_CLOCKS),
               Deadline.state != deadlines.DeadlineState.STOPPED)
        .order_by(Deadline.due_at).limit(limit)
        .options(selectinload(CommitmentCase.party))).all()
    now = clock.now()
    items, seen = [], set()
    for case, deadline in rows:
        if case.id in seen:
            continue
        seen.add(case.id)
        items.append(TodoItem(f"{case.party.name}（{case.item_name}）{TODO_STEP[case.state]}",
                              case_path(case), 1, deadlines.light_of(deadline, now),
                              due=deadline.due_at, provisional=deadline.provisional))
    undated = db.session.scalars(
        select(CommitmentCase).where(office, CommitmentCase.state.in_(
            (CaseState.ACCEPTED, CaseState.LETTER_SIGNED, CaseState.REVOCATION_PENDING)),
            CommitmentCase.id.not_in(seen or {0}))
        .order_by(CommitmentCase.id).limit(limit).options(selectinload(CommitmentCase.party))).all()
    for case in undated:
        if case.id not in seen and len(items) < limit:
            items.append(TodoItem(f"{case.party.name}（{case.item_name}）{TODO_STEP[case.state]}",
                                  case_path(case), 1, "green"))
    worst = deadlines.worst(i.light for i in items)
    return items + [TodoItem("承诺审批待办案件", url_for("commitment.index"), total, worst,
                             summary=True)]
