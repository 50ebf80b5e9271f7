"""Appeals (HOT-18, HOT-19): the deadline by the 6th moved past holidays, late filing refused,
the Art 28 grounds flagged from the data, the centre's decision and the evaluation after it."""
from datetime import date

import pytest

from app.core import clock
from app.core.errors import DomainError
from app.hotline.models import WorkOrder
from app.extensions import db
from app.hotline_followup.models import AppealDecision, AppealState
from app.hotline_followup.services import appeals, ratings

from .conftest import local

EXPLAIN = "本单位已按职责核实并解决，诉求人要求超出政策规定。"


def test_deadline_is_the_6th_or_the_first_working_day_after():
    assert appeals.filing_deadline(date(2026, 11, 1)) == date(2026, 11, 6)    # Friday
    assert appeals.filing_deadline(date(2026, 10, 1)) == date(2026, 10, 8)    # National Day
    assert appeals.filing_deadline(date(2026, 12, 1)) == date(2026, 12, 7)    # Sunday → Monday
    assert appeals.filing_deadline(date(2026, 2, 1)) == date(2026, 2, 6)      # Friday before 春节


def _batch_in(world, day: date, n=1):
    clock.freeze(local(day.year, day.month, 1, 9, 0))
    rated = [world.dissatisfied(at=local(day.year, day.month - 1, 20, 10, 0)) for _ in range(n)]
    clock.freeze(local(day.year, day.month, day.day, 16, 0))
    batch = appeals.open_batch(world.intake)
    for r in rated:
        appeals.add_item(world.intake, batch, r.id, EXPLAIN, "联系记录、现场照片")
    return batch, rated


def test_filing_on_the_last_day_of_the_national_day_month_then_late(world):
    batch, _ = _batch_in(world, date(2026, 10, 8))
    assert appeals.current_window()["last_day"] == date(2026, 10, 8)
    appeals.file(world.intake, batch, "王副局长", True, None)
    assert batch.state == AppealState.FILED

    later, _ = _batch_in(world, date(2026, 11, 6))
    clock.freeze(local(2026, 11, 7, 0, 0, 1))  # the day after the 6th
    with pytest.raises(DomainError) as e:
        appeals.file(world.intake, later, "王副局长", True, None)
    assert "2026年11月6日" in e.value.message and later.state == AppealState.DRAFT
    with pytest.raises(DomainError):  # and no new batch can be opened late either
        appeals.open_batch(world.other_unit_user)


def test_october_9_is_too_late_for_september(world):
    batch, _ = _batch_in(world, date(2026, 10, 5))
    clock.freeze(local(2026, 10, 9, 9, 0))
    with pytest.raises(DomainError) as e:
        appeals.file(world.intake, batch, "王副局长", True, None)
    assert "2026年10月8日" in e.value.message


def test_filing_needs_leader_seal_and_items(world):
    clock.freeze(local(2026, 12, 2, 9, 0))
    batch = appeals.open_batch(world.intake)
    with pytest.raises(DomainError):
        appeals.file(world.intake, batch, "王副局长", True, None)
    rating = world.dissatisfied(at=local(2026, 11, 20, 10, 0))
    appeals.add_item(world.intake, batch, rating.id, EXPLAIN, "联系记录")
    for leader, sealed, field in (("", True, "leader_name"), ("王副局长", False, "sealed")):
        with pytest.raises(DomainError) as e:
            appeals.file(world.intake, batch, leader, sealed, None)
        assert e.value.field == field


def test_only_the_unit_intake_appeals_its_own_last_month_orders(world):
    clock.freeze(local(2026, 12, 2, 9, 0))
    this_month = world.dissatisfied(at=local(2026, 12, 1, 10, 0))
    batch = appeals.open_batch(world.intake)
    with pytest.raises(DomainError) as e:
        appeals.add_item(world.intake, batch, this_month.id, EXPLAIN, "联系记录")
    assert e.value.field == "rating_id"
    with pytest.raises(DomainError):
        appeals.open_batch(world.handler_a)  # a 办理部门 does not file
    with pytest.raises(DomainError):
        appeals.add_item(world.intake, batch, 0, "太短", "")


@pytest.mark.parametrize("ground,setup", [
    ("not_reached", dict(contacted=False)),
    ("attitude", dict(comment="接线人员态度很差")),
    ("court", dict(reply={"result": "经核实属民事纠纷，建议您通过法律途径解决，已告知诉求人起诉方式。"})),
    ("unresolved", dict(reply={"result": "维修工作正在协调中，对司机处以罚款200元，退还多收车费35元。"})),
])
def test_each_ground_found_in_the_data_is_flagged_and_refused(world, ground, setup):
    clock.freeze(local(2026, 12, 2, 9, 0))
    rating = world.dissatisfied(at=local(2026, 11, 20, 10, 0), **setup)
    batch = appeals.open_batch(world.intake)
    item = appeals.add_item(world.intake, batch, rating.id, EXPLAIN, "联系记录")
    assert ground in item.flagged
    appeals.file(world.intake, batch, "王副局长", True, None)
    with pytest.raises(DomainError) as e:  # upholding a flagged item needs the reviewer's finding
        appeals.decide(world.reviewer, item, uphold=True, in_scope=True)
    assert e.value.field == "note"
    appeals.decide(world.reviewer, item, uphold=False, ground=ground)
    assert item.decision == AppealDecision.REFUSED and item.refusal_ground == ground
    assert not rating.appeal_upheld and batch.state == AppealState.DECIDED


def test_recurrence_and_lead_only_flags(world):
    clock.freeze(local(2026, 12, 2, 9, 0))
    rating = world.dissatisfied(at=local(2026, 11, 20, 10, 0))
    came_back = world.order(text="上次反映的出租车问题又出现了。")
    came_back.linked_order_id = rating.order_id
    parent = world.order(text="反映多项诉求，需多个单位办理。")
    rating.order.parent_id = parent.id
    db.session.flush()
    assert {"recurrence", "lead_only"} <= set(appeals.flag_grounds(rating))
    clean = world.dissatisfied(at=local(2026, 11, 20, 10, 0))
    assert appeals.flag_grounds(clean) == []


def test_upheld_appeal_leaves_the_evaluation(world):
    clock.freeze(local(2026, 12, 2, 9, 0))
    kept = world.dissatisfied(at=local(2026, 11, 20, 10, 0))
    appealed = world.dissatisfied(at=local(2026, 11, 21, 10, 0))
    ratings.rate(world.completed(), "satisfied", now=local(2026, 11, 22, 10, 0))
    before = ratings.satisfaction(world.unit.id, date(2026, 11, 1))
    assert before["dissatisfied"] == 2 and before["total"] == 3
    batch = appeals.open_batch(world.intake)
    item = appeals.add_item(world.intake, batch, appealed.id, EXPLAIN, "联系记录")
    with pytest.raises(DomainError):  # not before it is filed
        appeals.decide(world.reviewer, item, uphold=True, in_scope=True)
    appeals.file(world.intake, batch, "王副局长", True, None)
    with pytest.raises(DomainError):  # only the centre's reviewer decides
        appeals.decide(world.callback, item, uphold=True)
    with pytest.raises(DomainError):
        appeals.decide(world.reviewer, item, uphold=False, ground="")
    appeals.decide(world.reviewer, item, uphold=True, in_scope=True)
    after = ratings.satisfaction(world.unit.id, date(2026, 11, 1))
    assert after["dissatisfied"] == 1 and after["total"] == 2 and after["rate"] == 50.0
    assert not kept.appeal_upheld and appealed.appeal_upheld
    with pytest.raises(DomainError):  # decided once
        appeals.decide(world.reviewer, item, uphold=False, ground="attitude")


def test_rating_needs_a_completed_order(world):
    order = world.accepted()
    with pytest.raises(DomainError):
        ratings.rate(order, "satisfied")
    with pytest.raises(DomainError) as e:
        ratings.rate(world.completed(), "great")
    assert e.value.field == "level"
    assert db.session.get(WorkOrder, order.id)
