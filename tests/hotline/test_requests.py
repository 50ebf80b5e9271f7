"""Returns (HOT-6, HOT-7, HOT-21) and extensions (HOT-9)."""
from datetime import timedelta

import pytest

from app.core import clock, deadlines
from app.core.errors import DomainError
from app.hotline.models import Decision, OrderState
from app.hotline.services import dispatch, dispatch as dsp, handling, requests
from app.hotline.services.common import REPLY_CLOCK

from .conftest import local


def _return(world, order, ground="duty", evidence="建议转市港航局办理，依据其三定方案", **kw):
    return requests.request_return(world.intake, order, ground, "经核实该事项不属本单位职责", evidence, **kw)


def _refused(call, field=None) -> str:
    with pytest.raises(DomainError) as e:
        call()
    if field:
        assert e.value.field == field
    return e.value.message


def test_return_within_24_hours_and_approved_goes_back_to_dispatch(world):
    order = world.dispatched()
    clock.advance(hours=23, minutes=59)
    row = _return(world, order)
    requests.decide_return(world.reviewer, row, approve=True)
    assert order.state == OrderState.PENDING_DISPATCH and order.unit_id is None
    assert not deadlines.get(order, REPLY_CLOCK).is_open
    dispatch.dispatch(world.reviewer, order, [world.unit2.id])  # re-dispatch (HOT-7)
    assert order.unit_id == world.unit2.id and order.state == OrderState.DISPATCHED


def test_return_after_the_window_is_refused(world):
    order = world.dispatched()
    clock.advance(hours=24, seconds=1)
    assert "退单时限" in _refused(lambda: _return(world, order), "ground")


def test_return_window_is_a_policy_value(world, app):
    order = world.dispatched()
    clock.advance(hours=30)
    app.config["HOTLINE_RETURN_WINDOW_HOURS"] = 48
    try:
        assert _return(world, order).decision == Decision.PENDING
    finally:
        app.config.pop("HOTLINE_RETURN_WINDOW_HOURS")


def test_complex_case_may_return_within_two_working_days(world):
    order = world.dispatched(at=local(2026, 11, 27, 17, 0))  # Friday
    clock.freeze(local(2026, 12, 1, 23, 0))  # Tuesday: the 2nd working day after
    assert _return(world, order, complex_case=True)
    clock.freeze(local(2026, 12, 2, 0, 0, 1))
    requests.decide_return(world.reviewer, requests._pending(requests.ReturnRequest, order), False, "理由不充分")
    assert "2个工作日" in _refused(lambda: _return(world, order, complex_case=True))


def test_designated_and_non_returnable_orders_are_refused(world):
    designated = world.dispatched(designated=True)
    assert "指定" in _refused(lambda: _return(world, designated))
    order = world.order()
    dispatch.dispatch(world.reviewer, order, [world.unit.id], non_returnable=True)
    assert "不得退单" in _refused(lambda: _return(world, order))


def test_each_ground_needs_its_evidence(world):
    order = world.dispatched()
    assert "一次性列明" in _refused(lambda: _return(world, order, ground="incomplete", evidence=""), "evidence")
    assert "文件编号" in _refused(lambda: _return(world, order, ground="procedure", evidence=""), "evidence")


def test_incomplete_information_returns_only_once(world):
    order = world.dispatched()
    row = _return(world, order, ground="incomplete", evidence="诉求人具体上车地点、车牌号")
    requests.decide_return(world.reviewer, row, approve=True)
    dispatch.dispatch(world.reviewer, order, [world.unit.id])
    assert "只能申请一次" in _refused(lambda: _return(world, order, ground="incomplete", evidence="乘车时间"))


def test_labelled_order_needs_a_contact_and_supervision_consent(world):
    order = world.dispatched(labels=["互联网+督查"])
    assert "联系" in _refused(lambda: _return(world, order))
    dsp.accept(world.intake, order)
    handling.add_contact(world.intake, order, clock.now(), "电话", "已说明退单情况")
    assert "督查部门" in _refused(lambda: _return(world, order), "supervision_consent")
    assert _return(world, order, supervision_consent="市政府督查室王科长11月23日电话同意")


def test_rejected_return_keeps_the_unit_working(world):
    order = world.accepted()
    row = _return(world, order)
    assert "待审核" in _refused(lambda: _return(world, order))
    requests.decide_return(world.reviewer, row, approve=False, reason="属于本单位职责")
    assert order.state == OrderState.HANDLING and order.unit_id == world.unit.id
    assert row.decision == Decision.REJECTED


def _extend(world, order, **kw):
    values = dict(workdays_n=3, reason="需协调第三方检测机构出具检测报告", contacted_at=clock.now(),
                  opinion="诉求人同意延期")
    values.update(kw)
    return requests.request_extension(world.intake, order, **values)


@pytest.mark.parametrize("over,text", [(dict(order_type="consult"), "咨询"), (dict(urgency="urgent"), "急"),
                                       (dict(urgency="very"), "紧急"), (dict(triage="order"), None)])
def test_extension_refused_for_consultations_and_urgent_orders(world, over, text):
    order = world.accepted(**over)
    if text:
        assert text in _refused(lambda: _extend(world, order), "workdays")
    else:
        assert _extend(world, order).decision == Decision.PENDING


def test_extension_refused_for_major_risk(world):
    order = world.accepted()
    dispatch.flag_major(world.intake, order, "多名群众集中反映，媒体关注")
    assert "重大舆情" in _refused(lambda: _extend(world, order))


def test_extension_must_be_filed_a_day_before_the_deadline(world):
    order = world.accepted()
    clock.freeze(order.due_at - timedelta(hours=23))
    assert "至少一日" in _refused(lambda: _extend(world, order))


def test_extension_needs_reason_contact_and_opinion(world):
    order = world.accepted()
    assert _refused(lambda: _extend(world, order, reason="太忙"), "reason")
    assert _refused(lambda: _extend(world, order, opinion=""), "opinion")
    assert _refused(lambda: _extend(world, order, contacted_at=None), "contacted_at")


def test_approved_extension_recomputes_the_deadline_in_working_days(world):
    # Thu Sep 24; Sep 25 is Mid-Autumn, Oct 1–7 National Day: 28, 29, 30, Oct 8, 9
    order = world.dispatched(at=local(2026, 9, 24, 10, 0))
    dsp.accept(world.intake, order)
    assert clock.to_local(order.due_at) == local(2026, 10, 9, 10, 0)
    clock.freeze(local(2026, 9, 28, 9, 0))
    row = _extend(world, order, workdays_n=2)
    requests.decide_extension(world.reviewer, row, approve=True)
    assert clock.to_local(order.due_at) == local(2026, 10, 12, 10, 0)  # Oct 10 (调休), 12
    assert deadlines.get(order, REPLY_CLOCK).due_at == order.due_at


def test_rejected_extension_keeps_the_deadline(world):
    order = world.accepted()
    due = order.due_at
    row = _extend(world, order)
    requests.decide_extension(world.reviewer, row, approve=False, reason="不属于客观原因")
    assert order.due_at == due and row.decision == Decision.REJECTED
