"""失信 pushes within 7 working days of the act (CMT-10, 002 失信惩戒办法 Art 7), late flags,
and the day's review records for the national platform."""
from datetime import date, timedelta

from sqlalchemy import select

from app.core import clock
from app.exchange.models import OutboundMessage, OutboundState, SimulatorReceipt, Target
from app.exchange.services import outbound, pushes, queries, transport
from app.extensions import db
from tests import factories
from tests.credit import factories as credit_factories
from tests.exchange.conftest import local


def test_due_date_counts_working_days_across_the_national_day_holiday_and_its_makeup_saturday(app):
    # 29 Sep 2026 (Tue): 30 Sep, 8 Oct, 9 Oct, Sat 10 Oct (调休 working day), 12, 13, 14 Oct
    assert pushes.push_due_date(date(2026, 9, 29)) == date(2026, 10, 14)
    assert pushes.push_due_at(date(2026, 9, 29)) == local(2026, 10, 15)
    # an ordinary week: Fri 20 Nov → Tue 1 Dec
    assert pushes.push_due_date(date(2026, 11, 20)) == date(2026, 12, 1)


def test_a_record_entering_the_credit_file_is_pushed_on_time(app):
    officer_office = factories.office()
    record = credit_factories.record(office=officer_office, occurred_on=date(2026, 11, 20))
    db.session.commit()
    row = db.session.scalar(select(OutboundMessage).where(OutboundMessage.target == Target.CREDIT))
    assert row.due_at == local(2026, 12, 2) and row.office_id == officer_office.id
    assert (row.state, row.late) == (OutboundState.DELIVERED, False)
    assert row.payload["record_id"] == record.id and row.payload["party_identifier"] == record.party.identifier
    assert db.session.scalar(select(SimulatorReceipt.kind)) == "credit_record"
    assert queries.countdown(row) == "按期推送"


def test_a_push_delivered_after_the_limit_is_flagged_late(app, monkeypatch):
    real_send = transport.send
    monkeypatch.setattr("app.exchange.services.transport.send", lambda *a: (502, "bad gateway"))
    credit_factories.record(occurred_on=date(2026, 11, 12))   # due end of Mon 23 Nov (today)
    db.session.commit()
    row = db.session.scalar(select(OutboundMessage))
    assert queries.countdown(row) == "今日到期" and not row.late
    clock.advance(hours=15)   # past midnight: undelivered and late
    assert outbound.flag_overdue() == 1
    db.session.refresh(row)
    assert row.late and queries.countdown(row) == "已逾期"
    monkeypatch.setattr("app.exchange.services.transport.send", real_send)   # the partner is back
    clock.advance(seconds=(row.next_attempt_at - clock.now()).total_seconds())
    assert outbound.deliver(row.id) == "delivered"
    assert row.late and queries.countdown(row) == "逾期推送"


def test_countdown_in_working_days(app, monkeypatch):
    monkeypatch.setattr("app.exchange.services.transport.send", lambda *a: (502, ""))
    credit_factories.record(occurred_on=date(2026, 11, 20))   # due Tue 1 Dec; today Mon 23 Nov
    db.session.commit()
    assert queries.countdown(db.session.scalar(select(OutboundMessage))) == "剩余6个工作日"


def test_review_records_of_a_day_go_once_to_the_national_platform(app):
    row = pushes.review_batch(clock.today() - timedelta(days=1))
    again = pushes.ensure_yesterdays_reviews()
    db.session.commit()
    assert again.id == row.id and row.target == Target.NATIONAL
    assert row.payload["date"] == "2026-11-22" and row.payload["count"] == len(row.payload["records"])
    assert row.payload["fields"][0] == "matter_number" and row.state == OutboundState.DELIVERED
