"""What the dashboard and the big screen show, built from the statistics service only: the
day's and the month's figure of every indicator with the change against the day before and
the same days of the previous month, 30-day and 12-month trends, and one indicator by district
(city) or by office (district, department). Every figure carries the address of its records."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import select

from ...accounts.models import Office
from ...extensions import db
from .. import indicators
from ..formatting import cn_figure, cn_short_day, cn_month
from . import stats
from .scope import CITY, Scope

SCREEN_KEYS = ("hotline_volume", "hotline_satisfaction", "hotline_on_time", "matter_volume",
               "review_satisfaction", "hall_wait", "hall_no_shows", "nearby_escalations")
DEFAULT_KEY = "hotline_satisfaction"


@dataclass
class Cell:
    figure: stats.Figure
    previous: stats.Figure
    url: str

    @property
    def text(self) -> str:
        return cn_figure(self.figure)

    @property
    def trend(self) -> str:
        """up / down / flat / none (no comparison)."""
        now, before = self.figure.value, self.previous.value
        if now is None or before is None:
            return "none"
        return "up" if now > before else "down" if now < before else "flat"

    @property
    def good(self) -> bool | None:
        if self.trend in ("none", "flat"):
            return None
        better_up = indicators.get(self.figure.key).higher_is_better
        return (self.trend == "up") == better_up

    @property
    def trend_text(self) -> str:
        return {"up": "上升", "down": "下降", "flat": "持平", "none": "无可比数据"}[self.trend]


@dataclass
class Row:
    indicator: indicators.Indicator
    day: Cell
    month: Cell


def drill_url(key: str, start: date, end: date, office: int | None = None, district: int | None = None) -> str:
    """The records behind a figure: the leaders' records page, filtered (end exclusive)."""
    args = {"key": key, "start": start.isoformat(), "end": (end - timedelta(days=1)).isoformat()}
    if office is not None:
        args["office"] = office
    if district is not None:
        args["district"] = district
    return url_for("leaders.records", **args)


def month_periods(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """Month to date, and the same days of the previous month (cut at its end)."""
    this = (stats.month_start(today), today + timedelta(days=1))
    last_start = stats.add_months(today, -1)
    last_end = min(last_start + (this[1] - this[0]), this[0])
    return this, (last_start, last_end)


def rows(scope: Scope, today: date, keys=None) -> list[Row]:
    keys = list(keys or indicators.all_keys())
    day, yesterday = (today, today + timedelta(days=1)), (today - timedelta(days=1), today)
    month, last_month = month_periods(today)
    found = {p: stats.figures(keys, *p, scope) for p in (day, yesterday, month, last_month)}
    return [Row(indicators.get(k), Cell(found[day][k], found[yesterday][k], drill_url(k, *day)),
                Cell(found[month][k], found[last_month][k], drill_url(k, *month))) for k in keys]


def grouped_rows(scope: Scope, today: date) -> list[tuple[str, list[Row]]]:
    groups: dict[str, list[Row]] = {}
    for row in rows(scope, today):
        groups.setdefault(row.indicator.domain, []).append(row)
    return list(groups.items())


def _chart(key: str, points, label_of, url_of, title: str) -> dict:
    indicator = indicators.get(key)
    kind = "bar" if indicator.unit == "count" else "line"
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 48, "right": 16, "top": 40, "bottom": 32},
        "xAxis": {"type": "category", "data": [label_of(p) for p, _ in points]},
        "yAxis": {"type": "value", "name": indicators.UNIT_LABELS[indicator.unit]},
        "series": [{"type": kind, "name": indicator.label, "connectNulls": True,
                    "data": [{"value": f.value, "url": url_of(p)} for p, f in points]}],
    }


def trend_day(key: str, scope: Scope, today: date, days: int = 30):
    start = today - timedelta(days=days - 1)
    points = stats.series(key, start, today + timedelta(days=1), scope, grain="day")
    chart = _chart(key, points, cn_short_day, lambda d: drill_url(key, d, d + timedelta(days=1)),
                   f"近{days}天{indicators.get(key).label}")
    return points, chart


def trend_month(key: str, scope: Scope, today: date, months: int = 12):
    start = stats.add_months(today, -(months - 1))
    points = stats.series(key, start, today + timedelta(days=1), scope, grain="month")
    chart = _chart(key, points, cn_month,
                   lambda m: drill_url(key, m, min(stats.add_months(m, 1), today + timedelta(days=1))),
                   f"近{months}个月{indicators.get(key).label}")
    return points, chart


def breakdown(key: str, scope: Scope, start: date, end: date) -> list[tuple[str, stats.Figure, str]]:
    """(name, figure, records url) per district for the city, per office otherwise."""
    level = "district" if scope.level == CITY else "unit"
    found = stats.by_office(key, start, end, scope, level=level)
    ids = [i for i in found if i]
    names = dict(db.session.execute(select(Office.id, Office.name).where(Office.id.in_(ids))).all()) if ids else {}
    result = []
    for office_id, figure in found.items():
        if level == "district":
            name = names.get(office_id, "市级单位及未派单") if office_id else "市级单位及未派单"
            url = drill_url(key, start, end, district=office_id or 0)
        else:
            name = names.get(office_id, "未派单") if office_id else "未派单"
            url = drill_url(key, start, end, office=office_id)
        result.append((name, figure, url))
    result.sort(key=lambda r: r[0])
    return result
