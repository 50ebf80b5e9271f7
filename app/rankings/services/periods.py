"""Periods of a ranking: month, quarter, year; the previous period (环比) and the same period a
year earlier (同比). A period is [start, until): `until` is the first day after it."""
import re
from dataclasses import dataclass
from datetime import date, timedelta

KINDS = {"month": "月度", "quarter": "季度", "year": "年度"}
MONTHS = {"month": 1, "quarter": 3, "year": 12}
QUARTER_NAMES = "一二三四"
KEY_PATTERNS = {"month": re.compile(r"^(\d{4})-(\d{2})$"), "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
                "year": re.compile(r"^(\d{4})$")}


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date

    @property
    def until(self) -> date:
        return _from_index(_month_index(self.start) + MONTHS[self.kind])

    @property
    def last_day(self) -> date:
        return self.until - timedelta(days=1)

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year:04d}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year:04d}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{QUARTER_NAMES[(self.start.month - 1) // 3]}季度"
        return f"{self.start.year}年"

    def shifted(self, periods: int) -> "Period":
        return Period(self.kind, _from_index(_month_index(self.start) + periods * MONTHS[self.kind]))

    def previous(self) -> "Period":
        """环比: the period just before (December before January, Q4 before Q1)."""
        return self.shifted(-1)

    def last_year(self) -> "Period":
        """同比: the same period one year earlier."""
        return Period(self.kind, self.start.replace(year=self.start.year - 1))

    def months(self) -> list[date]:
        return [_from_index(_month_index(self.start) + i) for i in range(MONTHS[self.kind])]


def containing(kind: str, day: date) -> Period:
    if kind not in KINDS:
        raise ValueError(kind)
    if kind == "month":
        return Period(kind, day.replace(day=1))
    if kind == "quarter":
        return Period(kind, date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    return Period(kind, date(day.year, 1, 1))


def last_complete(kind: str, today: date) -> Period:
    """The latest period that has ended before today (the default of the rankings page)."""
    return containing(kind, today).previous()


def parse(kind: str, key: str) -> Period | None:
    """The period of a URL key (2026-11, 2026-Q4, 2026); None when the key does not parse."""
    pattern = KEY_PATTERNS.get(kind)
    match = pattern.match(key or "") if pattern else None
    if not match:
        return None
    year = int(match.group(1))
    if not 2000 <= year <= 2099:
        return None
    if kind == "month":
        month = int(match.group(2))
        return Period(kind, date(year, month, 1)) if 1 <= month <= 12 else None
    if kind == "quarter":
        return Period(kind, date(year, (int(match.group(2)) - 1) * 3 + 1, 1))
    return Period(kind, date(year, 1, 1))


def choices(kind: str, today: date, count: int = 24) -> list[Period]:
    """The periods offered in the page's selector, newest first (the current one included)."""
    current = containing(kind, today)
    count = {"month": count, "quarter": 12, "year": 6}[kind]
    return [current.shifted(-i) for i in range(count)]
