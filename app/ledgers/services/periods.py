"""The period of a ledger: a month, a quarter, a year or custom dates (Shanghai days)."""
from dataclasses import dataclass
from datetime import date, timedelta

from ...core.errors import DomainError

MAX_YEARS = 5


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        return f"{self.start.year}年{self.start.month}月{self.start.day}日至{self.end.year}年{self.end.month}月{self.end.day}日"

    @property
    def short(self) -> str:
        """For the file name: 2026年11月, 2026年第4季度, 2026年 or the two dates."""
        s, e = self.start, self.end
        if s.day == 1 and e == month_end(s):
            return f"{s.year}年{s.month}月"
        if s.day == 1 and s.month in (1, 4, 7, 10) and e == month_end(date(s.year, s.month + 2, 1)):
            return f"{s.year}年第{(s.month - 1) // 3 + 1}季度"
        if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
            return f"{s.year}年"
        return f"{s:%Y%m%d}-{e:%Y%m%d}"


def month_end(d: date) -> date:
    first_next = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def month(year: int, m: int) -> Period:
    start = date(year, m, 1)
    return Period(start, month_end(start))


def quarter(year: int, q: int) -> Period:
    start = date(year, 3 * q - 2, 1)
    return Period(start, month_end(date(year, 3 * q, 1)))


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31))


def custom(start: date | None, end: date | None) -> Period:
    """Both dates, end not before start, at most MAX_YEARS years: else a DomainError on the
    field to correct."""
    if start is None:
        raise DomainError("请填写开始日期（格式：2026-11-01）。", field="date_from")
    if end is None:
        raise DomainError("请填写结束日期（格式：2026-11-30）。", field="date_to")
    if end < start:
        raise DomainError("结束日期不能早于开始日期。", field="date_to")
    if (end - start).days > MAX_YEARS * 366:
        raise DomainError(f"统计期间最长 {MAX_YEARS} 年，请缩短期间或分段导出。", field="date_to")
    return Period(start, end)
