"""LNK-7 / Art 26-28: the annual assessment by the city service office.

A plan per year fixes the weights (percent) of the random checks and of the year-end check.
Each check scores the five contents of Art 28 (each out of 20). Beside the assessors' scores
the sheet shows indicators computed from the data. The final score is
    random_weight% × (mean of the random checks) + yearend_weight% × (the year-end check)."""
from datetime import date, datetime
from operator import itemgetter

from sqlalchemy import select

from ...accounts.models import Office
from ...core import audit, clock, excel
from ...core.errors import ConcurrentEdit, DomainError, PermissionDenied
from ...extensions import db
from .. import reader
from ..models import (AssessmentCheck, AssessmentPlan, CheckKind, Meeting, NoteStatus, OfficePair,
                      Problem, ProblemState, WeeklyNote)
from . import access, meetings, registry

CONTENTS = (  # Art 28 (一)..(五)
    "审批、监管标准化操作规程编制完成情况",
    "日常审管信息推送及时、准确、畅通情况",
    "审管联动协调员每周审管联动工作记录情况",
    "每月审管联动定期会商会议组织情况",
    "年度审管联动整体运行情况",
)
MAX_SCORE = 20


def plan_for(year: int) -> AssessmentPlan | None:
    return db.session.scalar(select(AssessmentPlan).where(AssessmentPlan.year == year))


def save_plan(actor, year: int, random_weight: int, yearend_weight: int, *, version: int | None = None) -> AssessmentPlan:
    if not access.is_city_service_office(actor):
        raise PermissionDenied("年度考核由市政务服务办负责（第二十六条）。")
    if random_weight < 0 or yearend_weight < 0 or random_weight + yearend_weight != 100:
        raise DomainError("随机抽查与年终检查的权重之和须为 100%。", field="yearend_weight")
    plan = plan_for(year)
    if plan is None:
        plan = AssessmentPlan(year=year)
        db.session.add(plan)
    elif version is not None and plan.version != version:
        raise ConcurrentEdit()
    before = {"random": plan.random_weight, "yearend": plan.yearend_weight}
    plan.random_weight, plan.yearend_weight = random_weight, yearend_weight
    db.session.flush()
    audit.record("linkage.assessment.plan", subject=plan, actor=actor, before=before,
                 after={"random": random_weight, "yearend": yearend_weight})
    return plan


def record_check(actor, plan: AssessmentPlan, unit: Office, *, kind: CheckKind, checked_on: date,
                 assessors: str, scores: list[float], remarks: str = "") -> AssessmentCheck:
    if not access.is_city_service_office(actor):
        raise PermissionDenied("年度考核由市政务服务办负责（第二十六条）。")
    if unit.id not in {u.id for u in registry.units()}:
        raise DomainError("该单位没有审管联动对应处室。", field="unit_id")
    if checked_on.year != plan.year:
        raise DomainError(f"检查日期须在{plan.year}年内。", field="checked_on")
    if len(scores) != 5 or any(s is None or not 0 <= s <= MAX_SCORE for s in scores):
        raise DomainError(f"每项得分须在 0 至 {MAX_SCORE} 之间。", field="score_1")
    if kind == CheckKind.YEAREND and db.session.scalar(select(AssessmentCheck.id).where(
            AssessmentCheck.plan_id == plan.id, AssessmentCheck.unit_id == unit.id,
            AssessmentCheck.kind == CheckKind.YEAREND)):
        raise DomainError("该单位本年度已有年终检查成绩。", field="kind")
    check = AssessmentCheck(plan=plan, unit=unit, kind=kind, checked_on=checked_on, assessors=assessors.strip(),
                            remarks=(remarks or "").strip(),
                            **{f"score_{i}": scores[i - 1] for i in range(1, 6)})
    db.session.add(check)
    db.session.flush()
    audit.record("linkage.assessment.check", subject=check, actor=actor,
                 after={"unit": unit.name, "kind": kind.value, "scores": scores})
    return check


# ---- indicators from the data (Art 28) ------------------------------------------------------

def _ratio_text(done: int, total: int, unit: str) -> dict:
    if not total:
        return {"done": done, "total": total, "rate": None, "text": "暂无数据"}
    rate = round(100 * done / total, 1)
    return {"done": done, "total": total, "rate": rate, "text": f"{done}/{total} {unit}（{rate}%）"}


def _year_bounds(year: int, now: datetime) -> tuple[date, date]:
    end = min(date(year, 12, 31), clock.to_local(now).date())
    return date(year, 1, 1), end


def weekly_on_time(office_ids: set[int], year: int, now: datetime) -> dict:
    """Notes due in the year (up to now): how many were filed on time (Art 28(3))."""
    start, _ = _year_bounds(year, now)
    notes = db.session.scalars(select(WeeklyNote).where(
        WeeklyNote.office_id.in_(office_ids), WeeklyNote.week_start >= start,
        WeeklyNote.week_start <= date(year, 12, 31), WeeklyNote.due_at <= now)).all()
    on_time = sum(1 for n in notes if n.status == NoteStatus.FILED and n.on_time)
    return _ratio_text(on_time, len(notes), "份按时")


def meetings_held(unit_id: int, year: int, now: datetime) -> dict:
    """Months of the year (up to the current one) with at least one held meeting (Art 28(4))."""
    _, end = _year_bounds(year, now)
    held_months = set(db.session.scalars(select(Meeting.month).where(
        Meeting.unit_id == unit_id, Meeting.status.in_(meetings.HELD),
        Meeting.month >= date(year, 1, 1), Meeting.month <= end)))
    months = end.month if end.year == year else 0
    if end.month not in {m.month for m in held_months} and end < date(year, 12, 31):
        months -= 1  # the current month is not over yet
    return _ratio_text(len(held_months), max(months, len(held_months)), "个月")


def problems_text(unit_id: int, year: int) -> dict:
    pair_ids = select(OfficePair.id).where(OfficePair.unit_id == unit_id)
    rows = db.session.scalars(select(Problem).where(
        Problem.pair_id.in_(pair_ids), Problem.day >= date(year, 1, 1), Problem.day <= date(year, 12, 31))).all()
    resolved = sum(1 for p in rows if p.state == ProblemState.RESOLVED)
    info = _ratio_text(resolved, len(rows), "个问题已解决")
    if not rows:
        info["text"] = "未登记问题"
    return info


def indicators(unit: Office, year: int, now: datetime | None = None) -> list[dict]:
    now = now or clock.now()
    office_ids = registry.unit_office_ids(unit.id)
    return [
        _ratio_text(*reader.standards_compiled(office_ids), "项已编制监管标准"),
        _ratio_text(*reader.push_timeliness(office_ids, year), "件按时推送"),
        weekly_on_time(office_ids, year, now),
        meetings_held(unit.id, year, now),
        problems_text(unit.id, year),
    ]


# ---- the score sheet ------------------------------------------------------------------------

def checks_of(plan: AssessmentPlan, unit: Office) -> list[AssessmentCheck]:
    return list(db.session.scalars(select(AssessmentCheck).where(
        AssessmentCheck.plan_id == plan.id, AssessmentCheck.unit_id == unit.id)
        .order_by(AssessmentCheck.kind, AssessmentCheck.checked_on)))


def _mean(rows: list[list[float]]) -> list[float] | None:
    if not rows:
        return None
    return [round(sum(col) / len(rows), 2) for col in zip(*rows)]


def score_sheet(plan: AssessmentPlan, unit: Office, now: datetime | None = None) -> dict:
    checks = checks_of(plan, unit)
    random = _mean([c.scores for c in checks if c.kind == CheckKind.RANDOM])
    yearend = _mean([c.scores for c in checks if c.kind == CheckKind.YEAREND])
    missing = [label for label, part, weight in (("随机抽查", random, plan.random_weight),
                                                 ("年终检查", yearend, plan.yearend_weight))
               if part is None and weight > 0]
    final = None
    if not missing:
        final = [round(((random[i] if random else 0) * plan.random_weight
                        + (yearend[i] if yearend else 0) * plan.yearend_weight) / 100, 2) for i in range(5)]
    return {
        "unit": unit, "plan": plan, "checks": checks, "contents": CONTENTS,
        "indicators": indicators(unit, plan.year, now),
        "random": random, "yearend": yearend, "final": final,
        "final_total": round(sum(final), 2) if final else None, "missing": missing,
    }


EXPORT_COLUMNS = (
    excel.Column("单位", itemgetter(0), 28), excel.Column("考核内容", itemgetter(1), 36, wrap=True),
    excel.Column("数据指标", itemgetter(2), 30), excel.Column("随机抽查平均分", itemgetter(3), 16),
    excel.Column("年终检查得分", itemgetter(4), 14), excel.Column("加权得分", itemgetter(5), 12),
)


def export_xlsx(plan: AssessmentPlan, now: datetime | None = None, units=None) -> bytes:
    """The score sheets of the given units (default: every unit) as one Excel sheet."""
    units = registry.units() if units is None else units
    return excel.workbook(excel.Sheet(
        f"{plan.year}年度审管联动考核", EXPORT_COLUMNS, _export_rows(plan, units, now),
        caption=f"{plan.year}年度审管联动考核成绩（随机抽查 {plan.random_weight}% · 年终检查 {plan.yearend_weight}%）"))


def _export_rows(plan, units, now):
    for unit in units:
        sheet_data = score_sheet(plan, unit, now)
        for i, content in enumerate(CONTENTS):
            yield (unit.name, content, sheet_data["indicators"][i]["text"],
                   sheet_data["random"][i] if sheet_data["random"] else None,
                   sheet_data["yearend"][i] if sheet_data["yearend"] else None,
                   sheet_data["final"][i] if sheet_data["final"] else None)
        yield (unit.name, "年度考核成绩", "", "", "",
               sheet_data["final_total"] if sheet_data["final_total"] is not None
               else "尚缺" + "、".join(sheet_data["missing"]))
