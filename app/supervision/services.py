"""Supervision of commitment approvals (SUP-1..3, LNK-3). Services flush; views commit."""
from datetime import date, datetime

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import users_with_role
from ..commitment import credit
from ..commitment import services as commitment
from ..commitment.models import CommitmentCase
from ..core import audit, clock, deadlines, workdays
from ..core.errors import DomainError, PermissionDenied
from ..core.navigation import TodoItem
from ..extensions import db
from ..notify import outbox
from ..notify.models import Channel
from .models import SupervisionTask, TaskState, ViolationReport

START_WORKDAYS, START_WARN_AFTER = 3, 1  # SUP-1: start within 3 wd, yellow on the 2nd day
FINISH_WORKDAYS = 50  # SUP-1
RECTIFY_CAP_WORKDAYS = 60  # SUP-2
START_CLOCK, FINISH_CLOCK, RECTIFY_CLOCK = "sup_start", "sup_finish", "sup_rectify"
TASK_CLOCKS = (START_CLOCK, FINISH_CLOCK, RECTIFY_CLOCK)

# The one transition table of a supervision task: action -> (allowed from, to).
TRANSITIONS = {
    "start": ({TaskState.PUSHED}, TaskState.VERIFYING),
    "close": ({TaskState.VERIFYING, TaskState.RECTIFYING}, TaskState.CLOSED),
    "order_rectification": ({TaskState.VERIFYING}, TaskState.RECTIFYING),
    "recommend": ({TaskState.RECTIFYING}, TaskState.RECOMMENDED),
    "explained": ({TaskState.RECOMMENDED}, TaskState.CLOSED),
    "revoked": (set(TaskState), TaskState.REVOKED),
}
ACTION_LABELS = {"violation": "反馈日常监管违规情况", "violation_acknowledged": "审批部门签收违规反馈",
                 "start": "开始核查", "close": "核查办结", "order_rectification": "责令整改",
                 "recommend": "建议撤销", "explained": "审批部门说明不予撤销",
                 "revoked": "审批部门已撤销"}


def move(task: SupervisionTask, action: str, actor=None, *, reason: str = "") -> None:
    allowed, target = TRANSITIONS[action]
    if task.state not in allowed:
        raise DomainError(f"当前状态“{task.state.label}”下不能{ACTION_LABELS[action]}。")
    before = task.state.value
    task.state = target
    db.session.flush()
    # Recorded on the case, so the case page shows one timeline for both offices.
    audit.record(f"supervision.{action}", subject=task.case, actor=actor, reason=reason,
                 before={"task_state": before}, after={"task_state": target.value})


def _require_scope(actor, task: SupervisionTask) -> None:
    if not task.can_handle(actor):
        raise PermissionDenied("只能处理推送给本处室的案件。")


def task_path(task: SupervisionTask) -> str:
    """The task page, for notification links (also written by jobs, outside any request)."""
    return f"/supervision/{task.id}"


def push(case, now: datetime | None = None) -> SupervisionTask | None:
    """CMT-5 / LNK-3: the case lands in the inbox of the item's supervision office (subscribed
    to commitment's case_decided event)."""
    now = now or clock.now()
    if case.supervision_office_id is None:
        return None
    task = SupervisionTask(case=case, office_id=case.supervision_office_id, pushed_at=now,
                           approved_on=clock.to_local(case.decided_at).date())
    db.session.add(task)
    case.pushed_at = now
    db.session.flush()
    deadlines.start_workdays(task, START_CLOCK, case.decided_at, START_WORKDAYS,
                             warn_after=START_WARN_AFTER, rule="SUP-1", now=now)
    deadlines.start_workdays(task, FINISH_CLOCK, case.decided_at, FINISH_WORKDAYS,
                             warn_after=FINISH_WORKDAYS - 5, rule="SUP-1", now=now)
    audit.record("commitment.push", subject=case, after={"office_id": task.office_id})
    for user in users_with_role(task.office_id, "supervisor"):
        outbox.queue(key=f"sup-push-{task.id}-{user.id}", channel=Channel.IN_APP, user=user,
                     link=task_path(task),
                     text=f"新推送承诺审批案件：{case.party.name}（{case.item_name}）")
    return task


def on_case_decided(case, now: datetime | None = None, **_) -> None:
    push(case, now=now)


def start(actor, task: SupervisionTask, now: datetime | None = None) -> None:
    now = now or clock.now()
    _require_scope(actor, task)
    move(task, "start", actor)
    task.started_at = now
    deadlines.stop(task, START_CLOCK, now=now)


def latest_rectification_date(task: SupervisionTask) -> date:
    return workdays.add_workdays(task.approved_on, RECTIFY_CAP_WORKDAYS)  # SUP-2


def verification_due(task: SupervisionTask) -> date:
    return workdays.add_workdays(task.approved_on, FINISH_WORKDAYS)  # SUP-1


def rectification_expired(task: SupervisionTask, on: date | None = None) -> bool:
    """SUP-3: the rectification deadline passed with nothing recorded → 整改期满待处理."""
    on = on or clock.today()
    return (task.state == TaskState.RECTIFYING and task.rectification_due is not None
            and on > task.rectification_due)


def record_finding(actor, task: SupervisionTask, *, compliant: bool, findings: str,
                   rectification_due: date | None = None, now: datetime | None = None):
    """Compliant → closed; not compliant → rectification order (DOC-5) with a capped deadline."""
    now = now or clock.now()
    _require_scope(actor, task)
    if not findings.strip():
        raise DomainError("请填写核查情况。", field="findings")
    if compliant:
        task.findings = findings.strip()
        _close(actor, task, now)
        return None
    latest = latest_rectification_date(task)
    if rectification_due is None:
        raise DomainError("请填写整改期限。", field="rectification_due")
    if rectification_due > latest:  # SUP-2
        raise DomainError(f"整改期限不得晚于审批之日起60个工作日，即最晚"
                          f"{latest.year}年{latest.month}月{latest.day}日。",
                          field="rectification_due")
    if rectification_due <= clock.to_local(now).date():
        raise DomainError("整改期限须晚于今天。", field="rectification_due")
    move(task, "order_rectification", actor, reason=findings.strip())
    task.findings = findings.strip()
    task.rectification_due = rectification_due
    deadlines.start(task, RECTIFY_CLOCK, clock.end_of_day(rectification_due), rule="SUP-2",
                    provisional=workdays.is_provisional(rectification_due), now=now)
    document = commitment.store_document(task.case, "rectification", "责令整改通知书",
                              "supervision/pdf/rectification.html", actor=actor,
                              task=task, supervision_authority=task.office.name)
    if task.case.party.phone:
        outbox.queue(key=f"sup-rectify-{task.id}", channel=Channel.SMS,
                     phone=task.case.party.phone,
                     text=f"您的“{task.case.item_name}”经核查与承诺不符，请停止相关活动并于"
                          f"{rectification_due.month}月{rectification_due.day}日前完成整改。")
    return document


def _close(actor, task: SupervisionTask, now: datetime) -> None:
    move(task, "close", actor)
    task.finished_at = now
    for kind in TASK_CLOCKS:
        deadlines.stop(task, kind, now=now)


def after_rectification(actor, task: SupervisionTask, *, compliant: bool, text: str,
                        now: datetime | None = None):
    """SUP-3: compliant → closed; still not → formal letter recommending revocation."""
    now = now or clock.now()
    _require_scope(actor, task)
    if not text.strip():
        raise DomainError("请填写整改核查情况。", field="text")
    if compliant:
        task.findings = f"{task.findings}\n整改后复查：{text.strip()}"
        _close(actor, task, now)
        return None
    move(task, "recommend", actor, reason=text.strip())
    task.recommendation = text.strip()
    task.finished_at = now
    for kind in (FINISH_CLOCK, RECTIFY_CLOCK):
        deadlines.stop(task, kind, now=now)
    document = commitment.store_document(task.case, "recommendation", "关于建议撤销行政许可的函",
                              "supervision/pdf/recommendation.html", actor=actor,
                              task=task, supervision_authority=task.office.name)
    for user in users_with_role(task.case.office_id, "approver"):
        outbox.queue(key=f"sup-recommend-{task.id}-{user.id}", channel=Channel.IN_APP, user=user,
                     text=f"监管部门建议撤销承诺审批决定{task.case.decision_number}，请核实。",
                     link=commitment.case_path(task.case))
    return document


def answer_recommendation(actor, task: SupervisionTask, *, agree: bool, explanation: str = "",
                          now: datetime | None = None):
    """SUP-3, approval side: agree → revocation decision at once; disagree → explanation."""
    now = now or clock.now()
    case = task.case
    if not case.can_handle(actor):
        raise PermissionDenied("只能核实本处室作出的决定。")
    if task.state != TaskState.RECOMMENDED:
        raise DomainError("没有待核实的撤销建议。")
    if agree:
        return commitment.revoke_on_recommendation(actor, case, task.recommendation, now=now)
    if not explanation.strip():
        raise DomainError("不予撤销须书面说明理由。", field="explanation")
    task.explanation = explanation.strip()
    task.explained_at = now
    move(task, "explained", actor, reason=task.explanation)
    return None


def case_revoked(case, now: datetime | None = None, **_) -> None:
    """LNK-3: the revocation reaches the supervision inbox too; its clocks stop (subscribed
    to commitment's case_revoked event)."""
    task = task_for_case(case)
    if task is None:
        return
    move(task, "revoked", None)
    for kind in TASK_CLOCKS:
        deadlines.stop(task, kind, now=now)


def task_for_case(case) -> SupervisionTask | None:
    return db.session.scalar(select(SupervisionTask).where(SupervisionTask.case_id == case.id))


def office_tasks(office_id: int, state: str = ""):
    """The office's inbox with the list's filter (a state, or "expired" for 整改期满待处理),
    for the page and its Excel alike: (select, the filter kept — "" when unknown)."""
    if state == "expired":
        return expired_rectifications(office_id), state
    query = select(SupervisionTask).where(SupervisionTask.office_id == office_id)
    if state in {s.value for s in TaskState}:
        return query.where(SupervisionTask.state == TaskState(state)), state
    return query, ""


def expired_rectifications(office_id: int, on: date | None = None):
    """整改期满待处理 (SUP-3): the office's rectifications whose deadline passed unrecorded."""
    on = on or clock.today()
    return select(SupervisionTask).where(
        SupervisionTask.office_id == office_id, SupervisionTask.state == TaskState.RECTIFYING,
        SupervisionTask.rectification_due < on)


TODO_STATES = (TaskState.PUSHED, TaskState.VERIFYING, TaskState.RECTIFYING)


def todos(user, limit: int = 20) -> list:
    """我的待办: the office's open tasks, nearest deadline first (read through the deadline
    index with a LIMIT, never the whole inbox), the totals of the inbox and of 整改期满待处理."""
    if not user.has_role("supervisor"):
        return []
    total = db.session.scalar(select(func.count()).select_from(SupervisionTask).where(
        SupervisionTask.office_id == user.office_id, SupervisionTask.state.in_(TODO_STATES)))
    if not total:
        return []
    Deadline = deadlines.Deadline
    rows = db.session.execute(
        select(SupervisionTask, Deadline)
        .join(Deadline, (Deadline.subject_id == SupervisionTask.id)
              & (Deadline.subject_type == SupervisionTask.__tablename__))
        .where(SupervisionTask.office_id == user.office_id,
               SupervisionTask.state.in_(TODO_STATES), Deadline.kind.in_(TASK_CLOCKS),
               Deadline.state != deadlines.DeadlineState.STOPPED)
        .order_by(Deadline.due_at).limit(limit * len(TASK_CLOCKS))
        .options(selectinload(SupervisionTask.case).selectinload(CommitmentCase.party))).all()
    now = clock.now()
    items, seen = [], set()
    for task, deadline in rows:
        if task.id in seen or len(items) >= limit:
            continue
        seen.add(task.id)
        step = {START_CLOCK: "待开始核查", FINISH_CLOCK: "待核查办结",
                RECTIFY_CLOCK: "整改期满待复查"}.get(deadline.kind, task.state.label)
        items.append(TodoItem(f"{task.case.party.name}（{task.case.item_name}）{step}",
                              task_path(task), 1, deadlines.light_of(deadline, now),
                              due=deadline.due_at, provisional=deadline.provisional))
    worst = deadlines.worst(i.light for i in items)
    summaries = [TodoItem("监管核查待办", url_for("supervision.index"), total, worst, summary=True)]
    expired = db.session.scalar(select(func.count()).select_from(
        expired_rectifications(user.office_id).subquery()))
    if expired:
        summaries.append(TodoItem("整改期满待处理", url_for("supervision.index", state="expired"),
                                  expired, "red", summary=True))
    return items + summaries


@deadlines.preloader(SupervisionTask.__tablename__)
def _preload_tasks(ids) -> list:
    """The sweep's batch of tasks with their case and party (read by the handlers below)."""
    return db.session.scalars(select(SupervisionTask).where(SupervisionTask.id.in_(ids)).options(
        selectinload(SupervisionTask.case).selectinload(CommitmentCase.party))).all()


def _supervisors(office_id: int) -> list:
    cache = deadlines.sweep_cache("supervisors")
    if office_id not in cache:
        cache[office_id] = users_with_role(office_id, "supervisor")
    return cache[office_id]


def _notify_office(deadline, text: str, tag: str, **values) -> None:
    task = db.session.get(SupervisionTask, deadline.subject_id)
    if task is None:
        return
    for user in _supervisors(task.office_id):
        outbox.queue(key=f"sup-{tag}-{task.id}-{user.id}", channel=Channel.IN_APP, user=user,
                     link=task_path(task),
                     text=text.format(party=task.case.party.name, number=task.case.decision_number,
                                      **values))


@deadlines.on_warning(START_CLOCK)
def _start_warning(deadline, now=None) -> None:  # SUP-1: warning on the second working day
    _notify_office(deadline, "承诺审批{number}（{party}）须在明天内启动核查（审批后3个工作日）。",
                   "start-warn")


@deadlines.on_overdue(START_CLOCK)
def _start_overdue(deadline, now=None) -> None:
    _notify_office(deadline, "承诺审批{number}（{party}）已超过3个工作日未启动核查。", "start-late")


@deadlines.on_overdue(FINISH_CLOCK)
def _finish_overdue(deadline, now=None) -> None:
    _notify_office(deadline, "承诺审批{number}（{party}）已超过50个工作日未完成核查。", "finish-late")


@deadlines.on_overdue(RECTIFY_CLOCK)
def _rectification_expired(deadline, now=None) -> None:
    """SUP-3: the rectification deadline passed with nothing recorded → 整改期满待处理."""
    task = db.session.get(SupervisionTask, deadline.subject_id)
    if task is not None and task.state == TaskState.RECTIFYING:
        _notify_office(deadline, "承诺审批{number}（{party}）整改期限已满，请复查并记录整改合格或建议撤销。",
                       f"rectify-expired-{task.rectification_due}")


def _clock_moved(name: str):
    def handler(deadline, old_due_at, now) -> None:
        new_due = clock.to_local(deadline.due_at).date()
        _notify_office(deadline, "因工作日历调整，承诺审批{number}（{party}）" + name + "期限变更为{due}。",
                       f"moved-{deadline.kind}-{new_due}", due=commitment.cn_date(new_due))
    return handler


deadlines.on_moved(START_CLOCK)(_clock_moved("启动核查"))
deadlines.on_moved(FINISH_CLOCK)(_clock_moved("完成核查"))



# ---- SUP-4: routine violations (000 审管联动 Art 14/15) ---------------------------------------

REPORT_WITHIN_WORKDAYS = 1


def report_violation(actor, task: SupervisionTask, *, found_on: date, description: str,
                     production_halt_penalty: bool = False,
                     now: datetime | None = None) -> ViolationReport:
    """Fed back to the approval office; due 1 wd after the discovery (late ones are marked)."""
    now = now or clock.now()
    _require_scope(actor, task)
    today = clock.to_local(now).date()
    if found_on > today:
        raise DomainError("发现日期不能晚于今天。", field="found_on")
    if not description.strip():
        raise DomainError("请填写违规情况。", field="description")
    report = ViolationReport(
        task=task, found_on=found_on, description=description.strip(),
        production_halt_penalty=production_halt_penalty, reported_at=now,
        reported_late=today > workdays.add_workdays(found_on, REPORT_WITHIN_WORKDAYS))
    db.session.add(report)
    db.session.flush()
    audit.record("supervision.violation", subject=task.case, actor=actor,
                 reason=report.description,
                 after={"penalty": production_halt_penalty, "late": report.reported_late})
    for user in users_with_role(task.case.office_id, "approver"):
        outbox.queue(key=f"sup-violation-{report.id}-{user.id}", channel=Channel.IN_APP,
                     user=user, text=f"监管部门反馈{task.case.party.name}日常监管违规情况，请查收。",
                     link=commitment.case_path(task.case))
    return report


def acknowledge_violation(actor, report: ViolationReport, now: datetime | None = None) -> None:
    """The approval office takes the feedback; a 停产停业 penalty → 失信 record (Art 15)."""
    now = now or clock.now()
    case = report.task.case
    if not case.can_handle(actor):
        raise PermissionDenied("只能处理本处室审批事项的反馈。")
    if report.acknowledged_at is not None:
        raise DomainError("该反馈已签收。")
    report.acknowledged_at = now
    report.acknowledged_by_id = actor.id
    if report.production_halt_penalty:
        credit.record_dishonesty(
            case.party, level="dishonest", ground=commitment.GROUND_SUPERVISION, office=case.office,
            description=f"日常监管中受到停产停业处罚：{report.description}", source="penalty",
            actor=actor, occurred_on=report.found_on, subject=report)
        report.credit_recorded = True
    db.session.flush()
    audit.record("supervision.violation_acknowledged", subject=case, actor=actor,
                 after={"credit_recorded": report.credit_recorded})


def violations_of(case) -> list:
    return db.session.scalars(select(ViolationReport).join(SupervisionTask).where(
        SupervisionTask.case_id == case.id).order_by(ViolationReport.id)).all()
