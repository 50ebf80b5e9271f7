"""Deadline handlers of the commitment clocks: reminders, the missed deadline, the late credit
entry, and the owner's notice when a calendar change moves a date (NTF-2, CAL-6)."""
from datetime import timedelta

from ...accounts.models import users_with_role
from ...core import clock, deadlines
from ...extensions import db
from ...notify import outbox
from ...notify.models import Channel
from ..models import CaseState, CommitmentCase, RevocationGround
from .cases import fail, start_reminders
from .common import (CREDIT_ENTRY_CLOCK, DUE_TODAY_CLOCK, LETTER_PUBLISH_CLOCK, MATERIALS_CLOCK,
                     REMIND_10_CLOCK, REMIND_BEFORE, REMIND_CLOCK, case_path, cn_date)

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
        start_reminders(case, now)
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


