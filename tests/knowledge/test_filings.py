"""HOT-22 / 004 Art 31: monthly filings, their deadlines (never shifted later), reminders and
the centre's matrix."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.core import clock, deadlines
from app.core.errors import DomainError
from app.extensions import db
from app.knowledge.models import Filing, FilingKind
from app.knowledge.services import filings
from app.notify.models import OutboxMessage


def test_kb_report_due_on_the_5th_of_the_next_month():
    assert filings.deadline_for(FilingKind.KB, "2026-10") == date(2026, 11, 5)  # a Thursday
    assert filings.deadline_for(FilingKind.TRAINING, "2026-11") == date(2026, 11, 20)


def test_when_the_5th_is_a_sunday_the_deadline_is_the_friday_before():
    assert date(2026, 7, 5).weekday() == 6
    assert filings.deadline_for(FilingKind.KB, "2026-06") == date(2026, 7, 3)
    assert filings.shifted(FilingKind.KB, "2026-06")


def test_in_the_spring_festival_holiday_the_deadline_is_the_last_working_day_before():
    # 2026: Spring Festival holiday 15–23 February; Saturday 14 February is a make-up working day.
    assert filings.deadline_for(FilingKind.TRAINING, "2026-02") == date(2026, 2, 14)


def test_when_the_whole_window_is_holiday_the_filing_opens_early():
    # 1–5 October is the National Day holiday: the September report is due on 30 September.
    assert filings.deadline_for(FilingKind.KB, "2026-09") == date(2026, 9, 30)
    assert filings.opens_on(FilingKind.KB, "2026-09") == date(2026, 9, 23)
    assert filings.opens_on(FilingKind.KB, "2026-10") == date(2026, 11, 1)


def _local(*args):
    return datetime(*args, tzinfo=clock.SHANGHAI)


def test_open_due_prefills_even_without_changes_and_is_idempotent(world):
    world.article()  # a KB change in November, reported in December
    assert filings.open_due(date(2026, 11, 23)) == 2 * len(filings.reporting_units())
    assert filings.open_due(date(2026, 11, 23)) == 0
    mine = {f.kind: f for f in db.session.scalars(select(Filing).where(Filing.unit_id == world.unit.id))}
    assert mine["kb"].period == "2026-10" and "无更新" in mine["kb"].summary
    assert mine["training"].period == "2026-11" and mine["training"].due_on == date(2026, 11, 20)
    assert world.dept not in filings.reporting_units()  # a 办理部门 files through its unit
    clock.freeze(_local(2026, 12, 1, 9))
    filings.open_due()
    december = db.session.scalar(select(Filing).where(Filing.unit_id == world.unit.id, Filing.period == "2026-11",
                                                      Filing.kind == "kb"))
    assert "新增或更新知识库条目 1 条" in december.summary


def test_filing_on_time_late_and_the_matrix(world):
    clock.freeze(_local(2026, 12, 1, 9))
    filings.open_due()
    kb = db.session.scalar(select(Filing).where(Filing.unit_id == world.unit.id, Filing.kind == "kb"))
    filings.file(world.handler, world.unit, kb, "", no_changes=True)
    assert kb.on_time and deadlines.get(kb, filings.CLOCK).state.value == "stopped"
    other = db.session.scalar(select(Filing).where(Filing.unit_id == world.unit2.id, Filing.kind == "kb"))
    clock.freeze(_local(2026, 12, 8, 9))
    rows = dict((u.id, cells) for u, cells in filings.matrix(FilingKind.KB, ["2026-10", "2026-11"]))
    assert [c.state for c in rows[world.unit.id]] == ["none", "filed"]
    assert [c.state for c in rows[world.unit2.id]] == ["none", "missing"]
    filings.file(world.other, world.unit2, other, "补报", no_changes=False)
    assert other.on_time is False and filings.state_of(other, clock.today()) == "late"


def test_filing_refusals(world):
    filings.open_due(date(2026, 11, 23))
    kb = db.session.scalar(select(Filing).where(Filing.unit_id == world.unit.id, Filing.kind == "kb"))
    for user, unit, text, message in ((world.other, world.unit2, "x", "只能填报本单位"),
                                      (world.handler, world.unit, " ", "请填写报送内容")):
        with pytest.raises(DomainError, match=message):
            filings.file(user, unit, kb, text, no_changes=False)
    assert kb.filed_at is None


def test_reminders_through_the_deadline_engine_say_no_holiday_shift(world):
    clock.freeze(_local(2026, 7, 1, 9))
    filings.open_due()
    kb = db.session.scalar(select(Filing).where(Filing.unit_id == world.unit.id, Filing.kind == "kb"))
    assert kb.due_on == date(2026, 7, 3)
    deadlines.sweep(_local(2026, 7, 1, 10))
    texts = db.session.scalars(select(OutboxMessage.text).where(OutboxMessage.user_id == world.handler.id)).all()
    assert any("07月03日前填报知识库信息月报表" in t and "不顺延" in t for t in texts)
    deadlines.sweep(_local(2026, 7, 4, 1))
    texts = db.session.scalars(select(OutboxMessage.text).where(OutboxMessage.user_id == world.handler.id)).all()
    assert any("未按期填报知识库信息月报表" in t for t in texts)
