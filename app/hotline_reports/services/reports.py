"""Report versions (HOT-23): who may see and request them, requesting one for a period,
generating it (the RQ job's body) and the monthly one on the first working day.

Scope: the reports are centre-wide statistics (004 Art 24: the centre's 统计通报), so the
hotline centre's staff and the city-level leaders see them; a unit sees its own figures in the
unit evaluation, not here, and a district leader sees no city-wide report (the seed gives them
none). Only the centre's reviewers request a report on demand."""
from datetime import date

from rq import Retry
from sqlalchemy import func, select

from ...accounts.models import Office
from ...accounts.roles import OfficeKind, OfficeLevel
from ...core import audit, clock, tasks, workdays
from ...core.errors import DomainError
from ...extensions import db
from ...hotline.services import access
from ...hotline_followup.services.ratings import previous_month
from ..models import HotlineReport, ReportKind, ReportState
from . import figures, output

VIEW_ROLES = ("hotline_reviewer", "callback_agent", "leader")
REQUEST_ROLES = ("hotline_reviewer",)
MAX_MONTHS = 12


def can_view(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if access.is_centre(user):
        return True
    office = user.office
    return bool(user.has_role("leader") and office and office.level == OfficeLevel.CITY
                and office.kind == OfficeKind.SERVICE_OFFICE)


def can_request(user) -> bool:
    return access.is_reviewer(user)


def may_view_document(user, document) -> bool:
    """The issued PDF: everyone who may see the reports (registered with app.documents)."""
    return can_view(user)


def check_period(first: date, last: date) -> None:
    if last < first:
        raise DomainError("结束月份不能早于起始月份。", field="last")
    if last > clock.today().replace(day=1):
        raise DomainError("不能统计尚未开始的月份。", field="last")
    if len(figures.months_of(first, last)) > MAX_MONTHS:
        raise DomainError(f"一次最多统计 {MAX_MONTHS} 个月。", field="first")


def request(actor, first: date, last: date, kind: ReportKind = ReportKind.ON_DEMAND) -> HotlineReport:
    """A new version of the period's report, queued; the caller commits, then enqueues."""
    first, last = first.replace(day=1), last.replace(day=1)
    check_period(first, last)
    audit.hold_chain()  # one writer at a time numbers the versions (the monthly job and a person)
    version = (db.session.scalar(select(func.max(HotlineReport.version)).where(
        HotlineReport.first_month == first, HotlineReport.last_month == last)) or 0) + 1
    report = HotlineReport(kind=kind, first_month=first, last_month=last, version=version,
                           state=ReportState.QUEUED, done=0, total=figures.STEPS + 2, error="",
                           created_by_id=actor.id if actor is not None else None, created_at=clock.now())
    db.session.add(report)
    db.session.flush()
    audit.record("hotline_report.request", subject=report, actor=actor,
                 after={"period": report.period_label, "kind": kind.value, "version": version})
    return report


def issuing_office(report: HotlineReport) -> Office:
    """The hotline centre issues the report (the requester's centre, else the first one)."""
    creator = report.created_by
    if creator is not None and creator.office.kind == OfficeKind.HOTLINE_CENTRE:
        return creator.office
    office = db.session.scalars(select(Office).where(Office.kind == OfficeKind.HOTLINE_CENTRE)
                                .order_by(Office.id)).first()
    if office is None:
        raise DomainError("未找到便民专线服务中心，无法印发报告。")
    return office


def generate(report: HotlineReport, progress=lambda: None) -> None:
    """Compute, issue the PDF, write the Excel; `progress()` after each step (the job commits
    there, so the polling page moves). A finished version is left alone (a retry is safe)."""
    if report.finished:
        return
    report.state, report.done = ReportState.RUNNING, 0
    progress()

    def step():
        report.done += 1
        progress()

    data = figures.build(report.first_month, report.last_month, progress=step)
    document = output.issue_pdf(report, report.created_by, issuing_office(report), data)
    report.document_id = document.id
    step()
    report.excel = output.workbook(report, data)
    report.figures = data
    report.state, report.finished_at = ReportState.DONE, clock.now()
    step()
    audit.record("hotline_report.generate", subject=report, actor=None,
                 after={"period": report.period_label, "version": report.version, "document": document.id,
                        "orders": data["totals"]["orders"]})


def fail(report: HotlineReport, error: Exception) -> None:
    report.state, report.finished_at = ReportState.FAILED, clock.now()
    message = getattr(error, "message", "") or type(error).__name__
    report.error = f"生成失败：{message}"[:500]
    audit.record("hotline_report.fail", subject=report, actor=None, outcome="failure", reason=report.error)


def monthly_due(today: date | None = None) -> date | None:
    """The month whose report is due today: last month, on the first working day of this
    month and after (caught up if the job did not run that day); None when none is due."""
    today = today or clock.today()
    first_workday = today.replace(day=1)
    while not workdays.is_workday(first_workday):
        first_workday = date.fromordinal(first_workday.toordinal() + 1)
    if today < first_workday:
        return None
    month = previous_month(today)
    return None if monthly_exists(month) else month


def monthly_exists(month: date) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(HotlineReport).where(
        HotlineReport.kind == ReportKind.MONTHLY, HotlineReport.first_month == month,
        HotlineReport.last_month == month)))


JOB = "jobs.hotline_reports.build_report"


def enqueue(report_id: int) -> bool:
    """After the row is committed (pass the id taken before the commit: reading the expired row
    again would hold a read lock the job's writes wait for on SQLite). With Redis down the job
    is kept in the database and runs once Redis is back (the page says so); the caller commits."""
    return tasks.enqueue_or_keep("documents", JOB, report_id, retry=Retry(max=2, interval=[10, 60]))


def waits_for_redis(report: HotlineReport) -> bool:
    return not report.finished and tasks.is_pending(JOB, report.id)
