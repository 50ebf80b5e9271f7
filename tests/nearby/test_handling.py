"""NBY-3 accept / return and re-dispatch / correction round trip; NBY-4 EMS; NBY-5 paper."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.core import clock, deadlines
from app.core.errors import DomainError
from app.extensions import db
from app.matters.models import Matter, MatterSource, MatterState
from app.nearby.models import NearbyState
from app.nearby.services import cases, ems
from app.notify.models import Channel, OutboxMessage
from tests import factories
from tests.nearby.factories import PDF, receive, setup

T = clock.SHANGHAI


def texts(**where):
    query = select(OutboxMessage.text)
    for name, value in where.items():
        query = query.where(getattr(OutboxMessage, name) == value)
    return list(db.session.scalars(query))


def test_accept_makes_a_matter_and_tells_intake_and_applicant():
    s = setup()
    case = receive(s)
    matter = cases.accept(case, s.handler)
    assert case.state == NearbyState.ACCEPTED and case.opened_at is not None
    assert matter.source == MatterSource.NEARBY and matter.centre_id == s.centre.id
    assert matter.item_code == s.item.code and matter.office_id == s.office.id
    assert any("已受理" in t for t in texts(phone="13812345678"))
    assert any("已由" in t for t in texts(user_id=s.intake.id))
    assert deadlines.get(case, cases.OPEN_CLOCK).state.value == "stopped"


def test_only_the_handling_window_decides():
    s = setup()
    case = receive(s)
    with pytest.raises(DomainError):
        cases.accept(case, s.other_handler)
    with pytest.raises(DomainError):
        cases.return_case(case, s.intake, reason="x")


def test_return_and_redispatch_restart_the_push():
    s = setup()
    case = receive(s)
    with pytest.raises(DomainError) as refused:
        cases.return_case(case, s.handler, reason="  ")
    assert refused.value.field == "reason"
    cases.return_case(case, s.handler, reason="不属于本部门事项")
    assert case.state == NearbyState.RETURNED
    assert any("不属于本部门事项" in t for t in texts(user_id=s.intake.id))
    clock.advance(minutes=40)
    cases.redispatch(case, s.intake, item_code=s.other_item.code)
    assert case.state == NearbyState.PUSHED and case.handling_office_id == s.other_item.office_id
    assert case.opened_at is None
    row = deadlines.get(case, cases.OPEN_CLOCK)
    assert row.state.value == "open" and clock.to_local(row.warn_at) == datetime(2026, 11, 23, 10, 25, tzinfo=T)
    cases.accept(case, s.other_handler)
    assert db.session.scalar(select(Matter).where(Matter.source_id == case.id)).office_id == s.other_item.office_id


def test_correction_round_trip_online():
    s = setup()
    case = receive(s)
    correction = cases.request_correction(case, s.handler, details="营业执照复印件不清晰")
    assert case.state == NearbyState.CORRECTION
    sms = [t for t in texts(phone="13812345678") if "补正" in t][0]
    token = cases.correction_token(correction)
    assert token in sms and "/jinban/correct/" in sms
    assert cases.correction_from_token(token) is correction
    assert cases.correction_from_token(token + "x") is None
    with pytest.raises(DomainError):
        cases.submit_correction(correction, files=[(b"GIF89a", "x.gif")], via="online")
    cases.submit_correction(correction, files=[(PDF, "营业执照.pdf")], reply="已重新扫描", via="online")
    assert case.state == NearbyState.OPENED and correction.corrected_via == "online"
    assert any("已补正" in t for t in texts(user_id=s.handler.id))
    with pytest.raises(DomainError):
        cases.submit_correction(correction, files=[(PDF, "again.pdf")], via="online")
    cases.accept(case, s.handler)


def test_correction_at_the_intake_window_only_by_its_clerks():
    s = setup()
    case = receive(s)
    correction = cases.request_correction(case, s.handler, details="补充身份证明")
    with pytest.raises(DomainError):
        cases.submit_correction(correction, files=[(PDF, "a.pdf")], via="window", actor=s.handler)
    cases.submit_correction(correction, files=[(PDF, "a.pdf")], via="window", actor=s.intake)
    assert correction.via_label == "接件窗口补正"


def test_intake_checks_scans_by_content_and_never_refuses_an_item():
    s = setup()
    with pytest.raises(DomainError) as refused:
        receive(s, files=[(b"MZ\x90", "a.pdf")])
    assert refused.value.field == "scans"
    with pytest.raises(DomainError):
        receive(s, phone="12345")
    assert receive(s, item_code=s.other_item.code).handling_office_id == s.other_item.office_id


@pytest.mark.parametrize("waybill,ok", [("1012345678901", True), ("EA123456785CN", True),
                                        ("EA123456784CN", False), ("12345", False), ("", False)])
def test_waybill_format(waybill, ok):
    if ok:
        assert ems.check_waybill(waybill.lower()) == waybill
    else:
        with pytest.raises(DomainError):
            ems.check_waybill(waybill)


def test_ems_payer_rule(app):
    from app.accounts.roles import OfficeKind, OfficeLevel
    city = factories.office(OfficeKind.APPROVAL, level=OfficeLevel.CITY)
    district = factories.office(OfficeKind.DEPARTMENT, name="河西区人民政府", level=OfficeLevel.DISTRICT)
    bureau = factories.office(OfficeKind.APPROVAL, name="河西区市场监管局", level=OfficeLevel.DISTRICT,
                              parent=district)
    assert ems.payer_for(city) == "天津市政务服务办公室"
    assert ems.payer_for(bureau) == "河西区政务服务办公室"
    app.config["NEARBY_DISTRICT_EMS_PAYER"] = "party"
    try:
        assert ems.payer_for(bureau) == "申请人（到付）"
    finally:
        app.config["NEARBY_DISTRICT_EMS_PAYER"] = "district"


def test_mailing_completes_the_matter_and_goes_on_the_statement():
    s = setup()
    case = receive(s)
    with pytest.raises(DomainError):
        ems.record_mailing(case, s.handler, waybill="1012345678901", fee="20", dispatched_on=date(2026, 11, 23))
    cases.accept(case, s.handler)
    with pytest.raises(DomainError) as refused:
        ems.record_mailing(case, s.handler, waybill="1012345678901", fee="20", dispatched_on=date(2026, 11, 24))
    assert refused.value.field == "dispatched_on"
    with pytest.raises(DomainError) as refused:
        ems.record_mailing(case, s.handler, waybill="1012345678901", fee="-1", dispatched_on=date(2026, 11, 23))
    assert refused.value.field == "fee"
    ems.record_mailing(case, s.handler, waybill="1012345678901", fee="22.50", dispatched_on=date(2026, 11, 23))
    assert case.state == NearbyState.MAILED and case.ems_payer == "天津市政务服务办公室"
    assert db.session.get(Matter, case.matter_id).state == MatterState.COMPLETED
    rows = list(db.session.scalars(ems.statement_query(date(2026, 11, 1))))
    assert case in rows and case not in list(db.session.scalars(ems.statement_query(date(2026, 12, 1))))
    from openpyxl import load_workbook
    import io
    book = load_workbook(io.BytesIO(ems.statement(date(2026, 11, 1))))
    assert book["汇总"]["A3"].value == "天津市政务服务办公室" and book["汇总"]["C3"].value == 22.5


def test_paper_forwarding_late_on_the_sixth_working_day_across_new_year():
    s = setup()
    clock.freeze(datetime(2026, 12, 30, 10, 0, tzinfo=T))     # Wednesday; 1 Jan is a holiday
    case = receive(s)
    row = deadlines.get(case, cases.PAPER_CLOCK)
    assert clock.to_local(row.due_at).date() == date(2027, 1, 7)  # 31, 4, 5, 6, 7
    clock.freeze(datetime(2027, 1, 6, 23, 59, 59, tzinfo=T))
    deadlines.sweep()
    assert any("须于2027-01-07前" in t for t in texts(user_id=s.intake.id)) and not case.paper_late
    clock.freeze(datetime(2027, 1, 8, 9, 0, tzinfo=T))        # the 6th working day
    deadlines.sweep()
    assert case.paper_late
    ems.send_paper(case, s.intake)
    assert case.paper_late and case.paper_sent_at is not None
    with pytest.raises(DomainError):
        ems.confirm_paper(case, s.intake)
    ems.confirm_paper(case, s.handler)
    assert case.paper_received_at is not None


def test_paper_forwarded_in_time_is_not_late():
    s = setup()
    case = receive(s)
    clock.advance(days=2)
    ems.send_paper(case, s.intake)
    assert not case.paper_late
    with pytest.raises(DomainError):
        ems.send_paper(case, s.intake)


def test_a_stale_page_is_refused():
    from app.core.errors import ConcurrentEdit
    s = setup()
    case = receive(s)
    stale = case.version
    cases.open_case(case, s.handler)
    db.session.flush()
    with pytest.raises(ConcurrentEdit):
        cases.accept(case, s.handler, version=stale)


def test_redispatch_only_by_the_intake_window_of_a_returned_case():
    s = setup()
    case = receive(s)
    with pytest.raises(DomainError):
        cases.redispatch(case, s.intake, item_code=s.other_item.code)   # not returned
    cases.return_case(case, s.handler, reason="非本部门事项")
    with pytest.raises(DomainError):
        cases.redispatch(case, s.handler, item_code=s.other_item.code)
