"""The figures of an analysis report (HOT-23) for a period of whole calendar months: volumes by
channel, type, unit and district, the daily volume, hot issues (top terms and clusters),
timeliness, returns, extensions, satisfaction after appeals, 督办 and appeals, with the change
against the previous period (环比) and the same period a year before (同比).

Every count is a grouped SQL query over the period; the per-unit figures are the monthly unit
evaluation's (hotline_followup.services.evaluation.month_figures, HOT-17), summed over the
period's months, so the report and the evaluation never disagree. The result is a plain,
JSON-ready dict: the page, the PDF and the Excel all read the same structure."""
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import and_, func, select

from ...accounts.models import DISTRICT_NAME, Office
from ...accounts.roles import OfficeLevel
from ...core import clock
from ...extensions import db
from ...hotline.models import OrderChannel, OrderType, Triage, WorkOrder
from ...hotline.services import clusters as cluster_index
from ...hotline_followup.models import (AppealBatch, AppealDecision, AppealState, AppealItem, DubanItem,
                                        DubanState, DubanTrigger, Rating, Satisfaction)
from ...hotline_followup.services.evaluation import month_figures
from ...hotline_followup.services.ratings import month_after
from ...knowledge import segment

UNIT_KEYS = ("dispatched", "accepted_on_time", "returned", "extended", "completed", "completed_on_time",
             "reply_reviewed", "reply_approved", "rated", "rated_good", "dissatisfied", "appeals_upheld",
             "callbacks", "callbacks_sent_back")
RATES = {  # name → (part, whole), as the unit evaluation defines them
    "response_rate": ("accepted_on_time", "dispatched"),
    "on_time_rate": ("completed_on_time", "completed"),
    "return_rate": ("returned", "dispatched"),
    "extension_rate": ("extended", "dispatched"),
    "satisfaction_rate": ("rated_good", "rated"),
}
HEADLINE = (  # (key, label, "count" | "rate") compared 环比 / 同比
    ("orders", "诉求总量", "count"), ("dispatched", "派单量", "count"), ("completed", "办结量", "count"),
    ("response_rate", "按时响应率", "rate"), ("on_time_rate", "按期办结率", "rate"),
    ("returned", "退单量", "count"), ("extended", "延期量", "count"),
    ("satisfaction_rate", "满意率（申诉后）", "rate"), ("duban", "督办件数", "count"),
    ("appeals_upheld", "申诉成立", "count"),
)
CITY_LEVEL = "市级单位"
TOP_TERMS = 15
TOP_CLUSTERS = 5
CLUSTER_MIN = 3
# Words every order uses, on top of the knowledge base's stop words: they name no issue.
REPORT_STOP = frozenset("一家 一个 突然 请求 帮助 需要 希望 已经 现在 目前 为什么 能否 问题 情况 反映 相关 进行 "
                        "多次 一直 还是 这个 那个 我们 他们 今天 昨天 本月".split())


def months_of(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = month_after(month)
    return months


def shift_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def bounds(first: date, last: date):
    """UTC instants of the local period [first month's 1st, the day after the last month)."""
    return clock.local_datetime(first), clock.local_datetime(month_after(last))


def rate(counts: dict, name: str) -> float | None:
    part, whole = RATES[name]
    return round(100.0 * counts.get(part, 0) / counts[whole], 1) if counts.get(whole) else None


def _grouped(column, time_column, start, end, *where) -> dict:
    rows = db.session.execute(select(column, func.count()).where(time_column >= start, time_column < end, *where)
                              .group_by(column)).all()
    return {(key.value if hasattr(key, "value") else key): n for key, n in rows}


def _labelled(counts: dict, enum_cls) -> list[dict]:
    return [{"key": e.value, "label": e.label, "count": counts.get(e.value, 0)} for e in enum_cls]


def district_of(office: Office) -> str:
    """The district a unit belongs to (its own or an ancestor's name), else 市级单位."""
    for node in (office, *office.ancestors()):
        if node.level == OfficeLevel.DISTRICT:
            found = DISTRICT_NAME.match(node.name)
            if found:
                return found.group(1)
    return CITY_LEVEL


def unit_rows(first: date, last: date) -> list[dict]:
    """The unit evaluation's counts summed over the period's months, with its rates."""
    merged: dict[int, dict] = {}
    for month in months_of(first, last):
        for row in month_figures(month):
            entry = merged.setdefault(row.unit_id, {"id": row.unit_id, "name": row.name,
                                                    **{k: 0 for k in UNIT_KEYS}})
            for key in UNIT_KEYS:
                entry[key] += row.n(key)
    offices = {o.id: o for o in db.session.scalars(select(Office).where(Office.id.in_(list(merged))))}
    rows = []
    for entry in merged.values():
        entry["district"] = district_of(offices[entry["id"]])
        entry.update({name: rate(entry, name) for name in RATES})
        rows.append(entry)
    rows.sort(key=lambda r: (-r["dispatched"], r["name"]))
    return rows


def headline(first: date, last: date, units: list[dict] | None = None) -> dict:
    """The compared totals of a period: volumes, the unit figures' sums and their rates."""
    start, end = bounds(first, last)
    units = unit_rows(first, last) if units is None else units
    totals = {key: sum(u[key] for u in units) for key in UNIT_KEYS}
    totals["orders"] = db.session.scalar(select(func.count()).select_from(WorkOrder).where(
        WorkOrder.created_at >= start, WorkOrder.created_at < end)) or 0
    totals["duban"] = db.session.scalar(select(func.count()).select_from(DubanItem).where(
        DubanItem.created_at >= start, DubanItem.created_at < end)) or 0
    totals.update({name: rate(totals, name) for name in RATES})
    return totals


def _change(kind: str, value, base):
    """Percent change of a count, percentage points of a rate; None ("—") without a base."""
    if value is None or base is None:
        return None
    if kind == "rate":
        return round(value - base, 1)
    return round(100.0 * (value - base) / base, 1) if base else None


def comparison(current: dict, previous: dict, year_ago: dict) -> list[dict]:
    """No data in a comparison period (no order at all) counts as no base: shown as "—"."""
    rows = []
    for key, label, kind in HEADLINE:
        prev = previous.get(key) if previous.get("orders") else None
        ago = year_ago.get(key) if year_ago.get("orders") else None
        rows.append({"key": key, "label": label, "kind": kind, "value": current.get(key),
                     "previous": prev, "mom": _change(kind, current.get(key), prev),
                     "year_ago": ago, "yoy": _change(kind, current.get(key), ago)})
    return rows


def districts(units: list[dict]) -> list[dict]:
    grouped: dict[str, dict] = {}
    for unit in units:
        entry = grouped.setdefault(unit["district"], {"name": unit["district"], "units": 0,
                                                      **{k: 0 for k in UNIT_KEYS}})
        entry["units"] += 1
        for key in UNIT_KEYS:
            entry[key] += unit[key]
    rows = sorted(grouped.values(), key=lambda r: (r["name"] == CITY_LEVEL, -r["dispatched"], r["name"]))
    for row in rows:
        row.update({name: rate(row, name) for name in RATES})
    return rows


def volumes(first: date, last: date) -> dict:
    start, end = bounds(first, last)
    o = WorkOrder
    return {
        "by_channel": _labelled(_grouped(o.channel, o.created_at, start, end), OrderChannel),
        "by_type": _labelled(_grouped(o.order_type, o.created_at, start, end), OrderType),
        "by_triage": _labelled(_grouped(o.triage, o.created_at, start, end), Triage),
        "satisfaction": _labelled(_grouped(Rating.level, Rating.created_at, start, end,
                                           Rating.appeal_upheld.is_(False)), Satisfaction),
        "duban": _labelled(_grouped(DubanItem.trigger, DubanItem.created_at, start, end), DubanTrigger),
        "duban_reported": db.session.scalar(select(func.count()).select_from(DubanItem).where(
            DubanItem.created_at >= start, DubanItem.created_at < end,
            DubanItem.state == DubanState.REPORTED)) or 0,
        "appeals": _labelled(_appeal_decisions(first, last), AppealDecision),
    }


def _appeal_decisions(first: date, last: date) -> dict:
    """Items of the appeals filed for the period's months (a draft is not an appeal yet)."""
    rows = db.session.execute(
        select(AppealItem.decision, func.count()).join(AppealBatch, AppealBatch.id == AppealItem.batch_id)
        .where(and_(AppealBatch.month >= first, AppealBatch.month <= last), AppealBatch.state != AppealState.DRAFT)
        .group_by(AppealItem.decision)).all()
    return {decision.value: n for decision, n in rows}


def hot_issues(first: date, last: date) -> dict:
    """The period's orders once, streamed: words by the number of orders using them (the
    knowledge base's segmenter and stop words, single characters and numbers dropped), the
    daily volume and the largest clusters of similar orders (the hotline cluster index)."""
    start, end = bounds(first, last)
    words, days, names = Counter(), Counter(), {}
    rows = db.session.execute(select(WorkOrder.id, WorkOrder.number, WorkOrder.title, WorkOrder.text,
                                     WorkOrder.location, WorkOrder.created_at)
                              .where(WorkOrder.created_at >= start, WorkOrder.created_at < end)
                              .order_by(WorkOrder.created_at, WorkOrder.id).execution_options(yield_per=500))
    for order_id, number, title, text, location, created_at in rows:
        words.update(w for w in segment.query_terms(f"{title} {text}") if len(w) > 1 and not w.isdigit() and w not in REPORT_STOP)
        days[clock.to_local(created_at).date()] += 1
        names[order_id] = (number, title or text[:20])
    clusters = [{"size": len(ids), "title": names[ids[0]][1], "numbers": [names[i][0] for i in ids[:5]]}
                for ids in cluster_index.largest(start, end, CLUSTER_MIN, TOP_CLUSTERS)]
    day, daily = first, []
    while day < month_after(last):
        daily.append({"date": day.isoformat(), "count": days.get(day, 0)})
        day += timedelta(days=1)
    return {"terms": [{"term": w, "count": n} for w, n in sorted(words.items(), key=lambda x: (-x[1], x[0]))[:TOP_TERMS]],
            "clusters": clusters, "daily": daily}


def build(first: date, last: date, progress=lambda: None) -> dict:
    """All figures of the period; `progress()` after each of the STEPS steps."""
    months = len(months_of(first, last))
    units = unit_rows(first, last)
    progress()
    current = headline(first, last, units)
    data = {"first": first.isoformat(), "last": last.isoformat(), "months": months,
            "totals": current, "units": units, "districts": districts(units), **volumes(first, last)}
    progress()
    data.update(hot_issues(first, last))
    progress()
    previous = headline(shift_months(first, -months), shift_months(last, -months))
    year_ago = headline(shift_months(first, -12), shift_months(last, -12))
    data["compare"] = comparison(current, previous, year_ago)
    progress()
    return data


STEPS = 4  # of build(); the PDF and the Excel add one each
