"""通报批评 (004 Art 24): media exposures recorded by hand, a draft generated from the month's
data (pushing around, 督办 items not reported by their deadline, exposures), edited, reviewed by
a second person, issued once as a numbered PDF; the units named are told."""
from datetime import date

import pytest
from sqlalchemy import select

from app.core import clock, deadlines
from app.core.errors import DomainError
from app.documents.models import IssuedDocument
from app.extensions import db
from app.hotline.services import requests
from app.hotline_followup.models import NoticeState
from app.hotline_followup.services import duban, notices
from app.notify.models import OutboxMessage
from tests import factories
from tests.documents.test_pdf import pdf_text

from .conftest import local

NOV = date(2026, 11, 1)


def _pushing_around(world):
    order = world.dispatched()
    row = requests.request_return(world.intake, order, "duty", "经核实该事项不属本单位职责",
                                  "建议转市港航局办理，依据其三定方案")
    requests.decide_return(world.reviewer, row, False, "属本单位职责")
    duban.evaluate(order)
    return order


def _late_duban(world):
    clock.freeze(local(2026, 11, 10, 9, 0))
    item = duban.add_manual(world.reviewer, world.dispatched(unit=world.unit2), "群众反映强烈，需重点督办")
    clock.freeze(local(2026, 11, 23, 9, 30))
    deadlines.sweep()
    return item


def test_exposures_are_recorded_by_the_centre_with_clear_errors(world):
    with pytest.raises(DomainError) as e:
        notices.record_exposure(world.intake, world.unit.id, date(2026, 11, 5), "天津日报", "反映办事拖沓")
    with pytest.raises(DomainError) as e:
        notices.record_exposure(world.callback, None, date(2026, 11, 5), "天津日报", "反映办事拖沓")
    assert e.value.field == "unit_id"
    with pytest.raises(DomainError) as e:
        notices.record_exposure(world.callback, world.unit.id, date(2026, 12, 5), "天津日报", "反映办事拖沓")
    assert e.value.field == "exposed_on"
    with pytest.raises(DomainError) as e:
        notices.record_exposure(world.callback, world.unit.id, date(2026, 11, 5), "天津日报", "拖沓")
    assert e.value.field == "summary"
    row = notices.record_exposure(world.callback, world.unit.id, date(2026, 11, 5), "天津日报",
                                  "报道出租车投诉多次转办无果")
    assert row.unit_id == world.unit.id


def test_findings_come_from_the_months_data(world):
    pushed = _pushing_around(world)
    late = _late_duban(world)
    notices.record_exposure(world.callback, world.unit.id, date(2026, 11, 5), "天津日报", "报道出租车投诉多次转办无果")
    notices.record_exposure(world.callback, world.unit.id, date(2026, 10, 30), "今晚报", "上月的报道不计入本月")
    found = {f.unit.id: f for f in notices.findings(NOV)}
    assert [i.order_id for i in found[world.unit.id].pushing] == [pushed.id]
    assert [e.outlet for e in found[world.unit.id].exposures] == ["天津日报"]
    assert [i.id for i in found[world.unit2.id].refused] == [late.id]
    assert found[world.unit.id].refused == [] and notices.findings(date(2026, 9, 1)) == []


def test_draft_edit_review_by_a_second_person_and_issue(world):
    _pushing_around(world)
    _late_duban(world)
    second_reviewer = factories.user("hotline_reviewer", office=world.centre)
    with pytest.raises(DomainError) as e:
        notices.draft(world.callback, date(2026, 9, 1))  # nothing to criticise
    assert e.value.field == "month"
    notice = notices.draft(world.callback, NOV)
    assert notice.state == NoticeState.DRAFT and set(notice.unit_ids) == {world.unit.id, world.unit2.id}
    assert "推诿扯皮" in notice.body and "未按期报送办理情况" in notice.body and world.unit2.name in notice.body
    with pytest.raises(DomainError):
        notices.draft(world.callback, NOV)  # one open draft a month
    with pytest.raises(DomainError) as e:
        notices.edit(world.callback, notice, notice.title, "太短")
    assert e.value.field == "body"
    notices.edit(world.callback, notice, notice.title, notice.body + "\n请各单位引以为戒。")
    with pytest.raises(DomainError):
        notices.issue(world.reviewer, notice)  # not submitted yet
    notices.submit(world.callback, notice)
    with pytest.raises(DomainError):
        notices.edit(world.callback, notice, notice.title, notice.body)  # locked while in review
    with pytest.raises(DomainError):
        notices.issue(world.callback, notice)  # not a reviewer
    notices.send_back(world.reviewer, notice, "请补充整改时限")
    assert notice.state == NoticeState.DRAFT and notice.review_note == "请补充整改时限"
    notices.submit(world.callback, notice)
    document = notices.issue(world.reviewer, notice)
    assert notice.state == NoticeState.ISSUED and notice.document_id == document.id
    assert document.number.startswith("热线通报〔2026〕")
    text = "".join(pdf_text(document.content)).replace("\n", "").replace(" ", "")
    assert "12345热线办理工作中有关问题的通报" in text and world.unit2.name in text and "请各单位引以为戒" in text
    told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == world.intake.id)).all()
    assert any("通报批评" in m.text and m.link == f"/documents/{document.id}/download" for m in told)
    assert document.can_view(world.intake) and document.can_view(world.other_unit_user)
    assert document.can_view(second_reviewer)
    with pytest.raises(DomainError):
        notices.edit(world.callback, notice, notice.title, notice.body)  # issued: immutable
    db.session.commit()
    with pytest.raises(RuntimeError):
        db.session.get(IssuedDocument, document.id).title = "改过"
        db.session.flush()
    db.session.rollback()


def test_the_drafting_reviewer_cannot_issue_their_own_notice(world):
    _pushing_around(world)
    notice = notices.draft(world.reviewer, NOV)
    notices.submit(world.reviewer, notice)
    with pytest.raises(DomainError) as e:
        notices.issue(world.reviewer, notice)
    assert "另一名审核人员" in e.value.message
    other = factories.user("hotline_reviewer", office=world.centre)
    assert notices.issue(other, notice).content.startswith(b"%PDF")


def test_every_exposure_stays_reachable_page_by_page(world, client):
    for day in range(1, 26):
        notices.record_exposure(world.callback, world.unit.id, date(2026, 10, day), f"媒体{day:02d}号",
                                "报道出租车投诉多次转办无果")
    db.session.commit()
    with client.session_transaction() as session:
        factories.signed_in_session(session, world.callback)
    page = client.get("/hotline/followup/notices").get_data(as_text=True)
    assert "媒体25号" in page and "媒体05号" not in page and "查看全部登记（共25条）" in page
    first = client.get("/hotline/followup/notices/exposures").get_data(as_text=True)
    assert "媒体25号" in first and "媒体06号" in first and "媒体05号" not in first
    second = client.get("/hotline/followup/notices/exposures?page=2").get_data(as_text=True)
    assert "媒体05号" in second and "媒体01号" in second and "媒体25号" not in second
