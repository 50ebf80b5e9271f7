"""Calendar rules: add / remove an override, import a schedule file, the provisional banner."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select

from ..core import audit, clock, excel, workdays
from ..core.deadlines import Deadline, DeadlineState
from ..core.errors import DomainError
from ..core.navigation import Banner
from ..extensions import db
from .models import CalendarOverride, CalendarYear, DayKind


def _signature():
    with db.session.no_autoflush:
        overrides = db.session.execute(
            select(func.count(CalendarOverride.id), func.max(CalendarOverride.id))
        ).one()
        years = db.session.execute(
            select(func.count(CalendarYear.year), func.max(CalendarYear.loaded_at))
        ).one()
    return tuple(overrides) + tuple(years)


def _load() -> workdays.CalendarData:
    with db.session.no_autoflush:
        rows = db.session.execute(select(CalendarOverride.day, CalendarOverride.kind)).all()
        years = db.session.scalars(select(CalendarYear.year)).all()
    return workdays.CalendarData({day: kind == DayKind.WORK for day, kind in rows}, frozenset(years))


SOURCE = workdays.CalendarSource(signature=_signature, load=_load)


def _changed(years) -> None:
    """Drop the cached calendar, then tell listeners (deadline recompute) which years changed."""
    db.session.flush()
    workdays.invalidate()
    workdays.calendar_changed.send(None, years=frozenset(years))


def _actor_name(actor) -> str:
    return actor.username if actor is not None else "命令行"


def overrides_of(year: int) -> list[CalendarOverride]:
    return db.session.scalars(
        select(CalendarOverride)
        .where(CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31))
        .order_by(CalendarOverride.day)
    ).all()


def set_override(day: date, kind: DayKind, note: str, *, actor) -> CalendarOverride:
    """Mark `day` as working or rest day; replaces an existing override of that day."""
    if not workdays.FIRST_YEAR <= day.year <= workdays.LAST_YEAR:
        raise DomainError("日期超出日历支持的范围。", field="day")
    existing = db.session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))
    before = None
    if existing is not None:
        before = {"day": day.isoformat(), "kind": existing.kind.value, "note": existing.note}
        db.session.delete(existing)
        db.session.flush()
    row = CalendarOverride(day=day, kind=DayKind(kind), note=note.strip(),
                           created_by_id=actor.id if actor else None,
                           created_by_name=_actor_name(actor), created_at=clock.now())
    db.session.add(row)
    db.session.flush()
    audit.record("calendar.override_set", subject=row, actor=actor, before=before,
                 after={"day": day.isoformat(), "kind": row.kind.value, "note": row.note})
    _changed({day.year})
    return row


def remove_override(row: CalendarOverride, *, actor) -> None:
    before = {"day": row.day.isoformat(), "kind": row.kind.value, "note": row.note}
    audit.record("calendar.override_remove", subject=row, actor=actor, before=before)
    db.session.delete(row)
    _changed({row.day.year})


def special_days(year: int) -> list[tuple[date, bool, str]]:
    """The days of `year` whose status differs from Mon–Fri work / weekend rest, with a note:
    holidays on weekdays and make-up working weekends, as the calendar now counts them."""
    notes = {row.day: row.note for row in overrides_of(year)}
    provisional = workdays.provisional_holidays(year)
    result, day = [], date(year, 1, 1)
    while day.year == year:
        work = workdays.is_workday(day)
        if work != (day.weekday() < 5):
            note = notes.get(day) or provisional.get(day, "")
            if not note and year in workdays.package_years():
                note = _package_note(day) + ("调休上班" if work else "")
            result.append((day, work, note))
        day += timedelta(days=1)
    return result


def _package_note(day: date) -> str:
    import chinese_calendar

    name = chinese_calendar.get_holiday_detail(day)[1]
    return PACKAGE_HOLIDAY_NAMES.get(name, name or "")


PACKAGE_HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


# --- import ---------------------------------------------------------------------------------

KIND_WORDS = {"work": DayKind.WORK, "rest": DayKind.REST}


class ImportFailed(DomainError):
    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems[:5]), field="file")
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    count: int
    years: frozenset


KIND_WORDS |= {"上班": DayKind.WORK, "休息": DayKind.REST}
EXCEL_HEADERS = ("日期", "类型", "说明")


def parse_schedule(text: str) -> list[tuple[date, DayKind, str]]:
    """Lines `YYYY-MM-DD work|rest note`; blank lines and lines starting with # are skipped.
    Every line is checked; all problems are reported with their line numbers."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            lines.append((f"第{number}行", None, None, ""))
            continue
        lines.append((f"第{number}行", parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return _entries(lines)


def parse_workbook(stream) -> list[tuple[date, DayKind, str]]:
    """An Excel sheet with the columns 日期 / 类型（上班、休息）/ 说明 (the shared Excel helper);
    problems name the row and the column."""
    read = excel.read_sheet(stream, EXCEL_HEADERS)
    if read.errors:
        raise ImportFailed([f"第{e.row}行“{e.column}”：{e.message}" if e.row else e.message
                            for e in read.errors])
    return _entries([(f"第{number}行", row["日期"], row["类型"], row["说明"]) for number, row in read.rows],
                    excel_columns=True)


def _entries(lines, excel_columns: bool = False) -> list[tuple[date, DayKind, str]]:
    """(where, day, kind, note) lines checked one by one; ImportFailed lists every problem."""
    entries, problems, seen = [], [], {}
    date_at, kind_at, note_at = ("“日期”", "“类型”", "“说明”") if excel_columns else ("", "", "")
    for where, raw_day, raw_kind, raw_note in lines:
        if raw_day is None and raw_kind is None:
            problems.append(f"{where}：格式应为“YYYY-MM-DD work|rest 说明”")
            continue
        day = _day(raw_day)
        if day is None:
            problems.append(f"{where}{date_at}：日期“{raw_day or ''}”无效，应为 YYYY-MM-DD")
            continue
        kind = KIND_WORDS.get(str(raw_kind or "").strip().lower())
        if kind is None:
            problems.append(f"{where}{kind_at}：类型“{raw_kind or ''}”无效，应为 work（上班）或 rest（休息）")
            continue
        if not workdays.FIRST_YEAR <= day.year <= workdays.LAST_YEAR:
            problems.append(f"{where}{date_at}：日期超出日历支持的范围")
            continue
        note = str(raw_note or "").strip()
        if len(note) > 200:
            problems.append(f"{where}{note_at}：说明超过200字")
            continue
        if day in seen:
            problems.append(f"{where}{date_at}：日期 {day.isoformat()} 与{seen[day]}重复")
            continue
        seen[day] = where
        entries.append((day, kind, note))
    if problems:
        raise ImportFailed(problems)
    if not entries:
        raise ImportFailed(["文件中没有任何日期"])
    return entries


def _day(raw) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw or "").strip()
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def import_schedule(text, *, whole_years: bool, actor, source: str = "") -> ImportResult:
    """Load a schedule file. whole_years: the file is the official schedule of every year it
    touches — that year's earlier overrides are replaced and the year stops being provisional.
    Otherwise the lines are single corrections (upserts). Nothing is written on any error.
    `text` is the text file's content, or a binary stream of an Excel file."""
    entries = parse_schedule(text) if isinstance(text, str) else parse_workbook(text)
    years = frozenset(day.year for day, _, _ in entries)
    days = [day for day, _, _ in entries]
    if whole_years:
        for year in years:
            db.session.execute(delete(CalendarOverride).where(
                CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31)))
            db.session.merge(CalendarYear(year=year, note=source[:200], loaded_at=clock.now(),
                                          loaded_by_name=_actor_name(actor)))
    else:
        db.session.execute(delete(CalendarOverride).where(CalendarOverride.day.in_(days)))
    now = clock.now()
    for day, kind, note in entries:
        db.session.add(CalendarOverride(day=day, kind=kind, note=note, created_at=now,
                                        created_by_id=actor.id if actor else None,
                                        created_by_name=_actor_name(actor)))
    db.session.flush()
    audit.record("calendar.import", subject_type="calendar", actor=actor,
                 after={"count": len(entries), "years": sorted(years), "whole_years": whole_years,
                        "source": source})
    _changed(years)
    return ImportResult(len(entries), years)


# --- banner ---------------------------------------------------------------------------------

def years_in_use() -> list[int]:
    """This year up to the year that a 60-working-day clock started today ends in, and the
    years of the open deadlines computed on provisional days."""
    today = clock.today()
    last = workdays.add_workdays(today, 60)
    latest = db.session.scalar(select(func.max(Deadline.due_at)).where(
        Deadline.provisional.is_(True), Deadline.state != DeadlineState.STOPPED))
    if latest is not None:
        last = max(last, clock.to_local(latest).date())
    return list(range(today.year, last.year + 1))


def provisional_banners(user) -> list[Banner]:
    """CAL-1: admins are asked to load the official schedule while a year in use is provisional."""
    if not user.has_role("admin"):
        return []
    years = workdays.provisional_years(min(years_in_use()), max(years_in_use()))
    if not years:
        return []
    names = "、".join(f"{y}年" for y in years)
    return [Banner(f"{names}尚无官方节假日安排，相关期限按暂定日历计算（标记“暂定”）。"
                   f"请在“工作日历”中导入国务院办公厅公布的放假安排，导入后将自动重算。")]
