"""Monthly filings (HOT-22, 004 Art 31): each unit files the 知识库信息月报表 for the previous
month between the 1st and the 5th, and the 培训材料月报表 for the current month between the 1st
and the 20th. A filing is due even with no changes (pre-filled). No holiday shift: when the last
day is not a working day the deadline is the last working day before it (file earlier)."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from ...accounts.models import Office, users_with_role
from ...accounts.roles import OfficeKind, Role
from ...core import audit, clock, deadlines, workdays
from ...core.errors import DomainError
from ...extensions import db
from ...notify import outbox
from ...notify.models import Channel
from ..models import Article, ArticleVersion, Filing, FilingKind

CLOCK = "knowledge.filing"
LAST_DAY = {FilingKind.KB: 5, FilingKind.TRAINING: 20}  # HOT-22
WARN_WORKDAYS = 2
OPEN_EARLY_DAYS = 7


def month_of(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _shift(period: str, months: int) -> date:
    year, month = map(int, period.split("-"))
    index = year * 12 + month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def filing_month(kind: FilingKind, period: str) -> date:
    """The first day of the month in which the filing for `period` is made."""
    return _shift(period, 1 if kind == FilingKind.KB else 0)


def period_filed_in(kind: FilingKind, d: date) -> str:
    """The 考核月度 filed in d's month: the previous month for the KB report, else the current."""
    return month_of(_shift(month_of(d), -1)) if kind == FilingKind.KB else month_of(d)


def deadline_for(kind: FilingKind, period: str) -> date:
    """HOT-22 / CAL-4: the last day, or the last working day before it — never later."""
    last = filing_month(kind, period).replace(day=LAST_DAY[kind])
    while not workdays.is_workday(last):
        last -= timedelta(days=1)
    return last


def opens_on(kind: FilingKind, period: str) -> date:
    """The 1st of the filing month; a week before the deadline when the whole window is holiday
    (e.g. 1–5 October: the KB report is due on the last working day of September)."""
    first, due = filing_month(kind, period), deadline_for(kind, period)
    return first if due >= first else due - timedelta(days=OPEN_EARLY_DAYS)


def shifted(kind: FilingKind, period: str) -> bool:
    return deadline_for(kind, period).day != LAST_DAY[kind]


def reporting_units() -> list[Office]:
    """The handling units themselves (their 办理部门 file through them)."""
    units = db.session.scalars(select(Office).where(Office.kind == OfficeKind.HANDLING_UNIT)
                               .order_by(Office.name)).all()
    return [u for u in units if u.parent is None or u.parent.kind != OfficeKind.HANDLING_UNIT]


def prefill(unit: Office, kind: FilingKind, period: str) -> str:
    """The month's KB changes of the unit (or a blank training list), for the unit to confirm."""
    if kind == FilingKind.TRAINING:
        return f"{period} 培训材料：（请填写本月培训情况；无更新亦须确认填报）"
    start, end = _shift(period, 0), _shift(period, 1)
    changed = db.session.scalar(
        select(func.count(func.distinct(ArticleVersion.article_id))).join(Article, Article.id == ArticleVersion.article_id)
        .where(Article.owner_unit_id == unit.id,
               ArticleVersion.created_at >= clock.local_datetime(start),
               ArticleVersion.created_at < clock.local_datetime(end))) or 0
    return f"{period} 本单位新增或更新知识库条目 {changed} 条。" if changed else f"{period} 本单位知识库无更新。"


def open_due(today: date | None = None) -> int:
    """Open this month's filings of every unit (idempotent): a row, pre-filled, and a clock to
    the deadline with a warning two working days before."""
    today = today or clock.today()
    due_now = [(kind, p) for kind in FilingKind
               for p in {period_filed_in(kind, today), period_filed_in(kind, _shift(month_of(today), 1))}
               if opens_on(kind, p) <= today]
    opened = 0
    for unit in reporting_units():
        for kind, period in due_now:
            if db.session.scalar(select(Filing.id).where(Filing.unit_id == unit.id, Filing.kind == kind.value,
                                                         Filing.period == period)):
                continue
            due = deadline_for(kind, period)
            filing = Filing(unit_id=unit.id, kind=kind.value, period=period, due_on=due,
                            summary=prefill(unit, kind, period))
            db.session.add(filing)
            db.session.flush()
            _start_clock(filing)
            opened += 1
    return opened


def _warn_on(due: date) -> date:
    warn = due
    for _ in range(WARN_WORKDAYS):
        warn -= timedelta(days=1)
        while not workdays.is_workday(warn):
            warn -= timedelta(days=1)
    return warn


def _start_clock(filing: Filing) -> None:
    deadlines.start(filing, CLOCK, clock.end_of_day(filing.due_on),
                    warn_at=clock.local_datetime(_warn_on(filing.due_on), 9), rule="HOT-22")


def file(user, unit: Office, filing: Filing, summary: str, no_changes: bool) -> Filing:
    if filing.unit_id != unit.id:
        raise DomainError("只能填报本单位的月报表。")
    if filing.filed_at is not None:
        raise DomainError("该月报表已填报。")
    if not summary.strip() and not no_changes:
        raise DomainError("请填写报送内容，或勾选“本月无更新”确认填报。", field="summary")
    now = clock.now()
    filing.summary, filing.no_changes = summary.strip(), no_changes
    filing.filed_at, filing.filed_by_id = now, user.id
    filing.on_time = clock.to_local(now).date() <= filing.due_on
    deadlines.stop(filing, CLOCK, now=now)
    db.session.flush()
    audit.record("knowledge.filed", subject=filing, actor=user,
                 after={"kind": filing.kind_label, "period": filing.period, "on_time": filing.on_time})
    return filing


@dataclass
class Cell:
    filing: Filing | None
    state: str  # filed / late / missing / open / none

    @property
    def label(self) -> str:
        return {"filed": "按时", "late": "逾期填报", "missing": "未填报", "open": "待填报", "none": "—"}[self.state]


def state_of(filing: Filing | None, today: date) -> str:
    """For the matrix and hotline II's unit evaluation: filed / late / missing / open / none."""
    if filing is None:
        return "none"
    if filing.filed_at is not None:
        return "filed" if filing.on_time else "late"
    return "missing" if today > filing.due_on else "open"


def matrix(kind: FilingKind, periods: list[str], today: date | None = None) -> list[tuple[Office, list[Cell]]]:
    """The centre's unit × month view."""
    today = today or clock.today()
    rows = db.session.scalars(select(Filing).where(Filing.kind == kind.value, Filing.period.in_(periods))).all()
    found = {(f.unit_id, f.period): f for f in rows}
    return [(unit, [Cell(found.get((unit.id, p)), state_of(found.get((unit.id, p)), today)) for p in periods])
            for unit in reporting_units()]


def recent_periods(kind: FilingKind, count: int = 6, today: date | None = None) -> list[str]:
    latest = period_filed_in(kind, today or clock.today())
    return [month_of(_shift(latest, -i)) for i in reversed(range(count))]


def _remind(deadline, now, late: bool) -> None:
    filing = db.session.get(Filing, deadline.subject_id)
    if filing is None or filing.filed_at is not None:
        return
    kind = FilingKind(filing.kind)
    note = "（期限最后一日为节假日，不顺延，已提前）" if shifted(kind, filing.period) else ""
    text = (f"{filing.unit.name}未按期填报{kind.label}（考核月度{filing.period}）。" if late else
            f"请于{filing.due_on:%m月%d日}前填报{kind.label}（考核月度{filing.period}）{note}，无更新亦须确认填报。")
    for user in users_with_role(filing.unit_id, Role.UNIT_HANDLER.value):
        outbox.queue(key=f"kb_filing:{filing.id}:{'late' if late else 'warn'}:{user.id}", channel=Channel.IN_APP,
                     text=text, user=user, link="/knowledge/filings")


def recompute(deadline):
    """CAL-6: a calendar change may move the deadline (still never later than the last day)."""
    filing = db.session.get(Filing, deadline.subject_id)
    if filing is None:
        return None
    filing.due_on = deadline_for(FilingKind(filing.kind), filing.period)
    return clock.end_of_day(filing.due_on), clock.local_datetime(_warn_on(filing.due_on), 9)


def register() -> None:
    deadlines.on_warning(CLOCK)(lambda d, now: _remind(d, now, late=False))
    deadlines.on_overdue(CLOCK)(lambda d, now: _remind(d, now, late=True))
    deadlines.recomputer(CLOCK)(recompute)
