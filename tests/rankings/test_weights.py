"""Weight sets: validation with Chinese errors by field, effective dating (a period ending before
a new set keeps the old one), concurrent edits, the audit entry."""
from datetime import date

import pytest
from sqlalchemy import select

from app.core.audit import AuditEntry
from app.core.errors import ConcurrentEdit, DomainError
from app.extensions import db
from app.rankings.services import figures, weights
from tests import factories

from .conftest import weight_set

GOOD = {i.key: "0" for i in figures.indicators()} | {"hotline_on_time": "30", "hotline_satisfaction": "40",
                                                    "matter_on_time": "20", "hall_wait": "10"}
DIRS = {i.key: i.direction for i in figures.indicators()}


def _create(actor, **over):
    args = dict(name="2027年权重", valid_from=date(2026, 12, 1), weights=GOOD, directions=DIRS,
                based_on=weights.latest_version(), actor=actor)
    args.update(over)
    return weights.create_set(**args)


def test_defaults_without_any_set(app):
    applied = weights.in_force(date(2026, 11, 30))
    assert applied.weight_set is None and sum(applied.weights.values()) == 100
    assert applied.directions["hall_wait"] == "lower" and applied.label == "默认权重"
    assert applied.weights["hotline_satisfaction"] == 25 and applied.weights["hall_wait"] == 0


def test_effective_dating_uses_the_set_in_force_on_the_period_end(app):
    weight_set(1, date(2026, 1, 1), {"hotline_satisfaction": 100})
    weight_set(2, date(2026, 12, 1), {"hotline_on_time": 100})
    assert weights.in_force(date(2026, 11, 30)).weights["hotline_satisfaction"] == 100   # November: the old set
    assert weights.in_force(date(2026, 12, 31)).weights["hotline_on_time"] == 100        # December: the new one
    assert weights.in_force(date(2025, 12, 31)).weight_set is None                    # before any set
    assert weights.in_force(date(2026, 12, 31)).label == "测试权重（第2版，2026年12月1日起）"


def test_create_makes_a_new_version_and_audits(app):
    actor = factories.user("leader")
    weight_set(1, date(2026, 1, 1), {"hotline_satisfaction": 100})
    created = _create(actor)
    assert created.version == 2 and created.weights() == {k: float(v) for k, v in GOOD.items()}
    assert weights.in_force(date(2026, 11, 30)).weight_set.version == 1   # history untouched
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "rankings.weights_set")).one()
    assert entry.after["version"] == 2 and entry.after["weights"]["hotline_satisfaction"] == 40.0


@pytest.mark.parametrize("over,field,message", [
    ({"weights": dict(GOOD, hall_wait="-5", hotline_satisfaction="55")}, "weight_hall_wait", "权重不能为负数。"),
    ({"weights": dict(GOOD, hall_wait="abc")}, "weight_hall_wait", "权重应为数字"),
    ({"weights": dict(GOOD, hall_wait="20")}, "total", "各项权重之和应为100，当前为110。"),
    ({"weights": dict(GOOD, hall_wait="10.001")}, "weight_hall_wait", "最多两位小数"),
    ({"weights": dict(GOOD, hall_wait="NaN")}, "weight_hall_wait", "权重应为数字"),
    ({"name": "  "}, "name", "请填写名称。"),
    ({"valid_from": date(2026, 11, 1)}, "valid_from", "生效日期不能早于今天"),
    ({"directions": dict(DIRS, hall_wait="sideways")}, "direction_hall_wait", "请选择方向。"),
])
def test_bad_input_is_refused_next_to_its_field(app, over, field, message):
    with pytest.raises(DomainError) as refused:
        _create(factories.user("leader"), **over)
    assert refused.value.field == field and message in refused.value.message
    assert weights.latest_version() == 0  # nothing written


def test_concurrent_edit_is_detected(app):
    actor = factories.user("leader")
    seen = weights.latest_version()
    _create(actor, based_on=seen)            # the other editor saves first
    with pytest.raises(ConcurrentEdit) as clash:
        _create(actor, based_on=seen)
    assert "已被他人修改" in clash.value.message and weights.latest_version() == 1
