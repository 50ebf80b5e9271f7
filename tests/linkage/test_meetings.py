from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.core import clock
from app.core.errors import DomainError, PermissionDenied
from app.documents.services import issued_for
from app.extensions import db
from app.linkage.models import MeetingStatus
from app.linkage.services import meetings
from app.notify.models import OutboxMessage
from tests import factories
from tests.linkage.helpers import department

SH = clock.SHANGHAI


def _messages(user):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == user.id)).all()


def test_service_office_records_the_meeting_and_distributes_the_minutes_pdf(client, login_as):
    pair = department()
    organiser = login_as("coordinator", office=pair.approval_office)
    receiver = factories.user("coordinator", office=pair.supervision_office)
    db.session.commit()
    response = client.post("/linkage/meetings/new", data={
        "unit_id": pair.unit_id, "scheduled_at": "2026-11-20T15:00", "place": "第三会议室",
        "participant_ids": [pair.approval_office_id, pair.supervision_office_id]})
    assert response.status_code == 302
    meeting = meetings.meetings_for(organiser, 2026)[0]
    page = client.get(f"/linkage/meetings/{meeting.id}").get_data(as_text=True)
    for point in meetings.AGENDA_POINTS:  # Art 24 pre-filled
        assert point in page
    data = {"version": meeting.version, "attendees": "张三、李四", "minutes": "议定：每日核对推送量", "held": "1",
            **{f"point_{i}": f"要点{i}" for i in range(1, 6)}}
    assert client.post(f"/linkage/meetings/{meeting.id}", data=data).status_code == 302
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.HELD and meeting.agenda[1]["notes"] == "要点2"
    assert "（草稿）" in _pdf_text(client.get(f"/linkage/meetings/{meeting.id}/minutes.pdf"))
    response = client.post(f"/linkage/meetings/{meeting.id}/distribute", data={"version": meeting.version})
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.DISTRIBUTED
    [message] = _messages(receiver)
    assert message.link == f"/linkage/meetings/{meeting.id}/minutes.pdf" and "会商纪要" in message.text
    pdf = client.get(message.link)
    text = _pdf_text(pdf)
    assert "会议纪要" in text and "每日核对推送量" in text and "要点2" in text and "草稿" not in text
    # Distributed once: a participating unit reads the very copy that was issued (stored bytes).
    [issued] = issued_for(meeting, meetings.MINUTES_KIND)
    login_as("coordinator", office=pair.supervision_office)
    assert client.get(message.link).data == pdf.data == issued.content
    assert client.get(f"/documents/{issued.id}/download").data == issued.content


def _pdf_text(response) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)


def test_minutes_needed_before_held_and_no_edit_after_distribution():
    pair = department()
    organiser = factories.user("coordinator", office=pair.approval_office)
    meeting = meetings.schedule(organiser, pair.unit, scheduled_at=datetime(2026, 11, 20, 15, tzinfo=SH),
                                place="", participant_ids=[pair.supervision_office_id])
    with pytest.raises(DomainError) as error:
        meetings.save_minutes(organiser, meeting, version=meeting.version, point_notes=[""] * 5,
                              minutes=" ", attendees="", held=True)
    assert error.value.field == "minutes"
    with pytest.raises(DomainError):
        meetings.distribute(organiser, meeting, version=meeting.version)
    meetings.save_minutes(organiser, meeting, version=meeting.version, point_notes=[""] * 5,
                          minutes="纪要", attendees="", held=True)
    meetings.distribute(organiser, meeting, version=meeting.version)
    with pytest.raises(DomainError):
        meetings.save_minutes(organiser, meeting, version=meeting.version, point_notes=[""] * 5,
                              minutes="改", attendees="", held=True)


def test_only_the_units_organiser_schedules_and_participants_come_from_the_unit():
    pair, other = department(), department()
    supervisor_coord = factories.user("coordinator", office=pair.supervision_office)
    with pytest.raises(PermissionDenied):
        meetings.schedule(supervisor_coord, pair.unit, scheduled_at=datetime(2026, 11, 25, 9, tzinfo=SH),
                          place="", participant_ids=[pair.supervision_office_id])
    organiser = factories.user("coordinator", office=pair.approval_office)
    with pytest.raises(DomainError) as error:
        meetings.schedule(organiser, pair.unit, scheduled_at=datetime(2026, 11, 25, 9, tzinfo=SH),
                          place="", participant_ids=[other.supervision_office_id])
    assert error.value.field == "participant_ids"


def test_a_month_without_meeting_is_flagged_to_the_service_office(client, login_as):
    held, idle = department(name="甲委"), department(name="乙委")
    city = factories.office(OfficeKind.SERVICE_OFFICE)
    service = factories.user("coordinator", office=city)
    organiser = factories.user("coordinator", office=held.approval_office)
    meeting = meetings.schedule(organiser, held.unit, scheduled_at=datetime(2026, 10, 20, 15, tzinfo=SH),
                                place="", participant_ids=[held.supervision_office_id])
    meetings.save_minutes(organiser, meeting, version=meeting.version, point_notes=[""] * 5,
                          minutes="纪要", attendees="", held=True, now=datetime(2026, 10, 20, 17, tzinfo=SH))
    missing = meetings.flag_months_without_meeting(datetime(2026, 11, 2, 9, tzinfo=SH))
    assert idle.unit in missing and held.unit not in missing
    assert [m.text for m in _messages(service)] == ["乙委2026年10月未召开审管联动集中会商。"]
    meetings.flag_months_without_meeting(datetime(2026, 11, 3, 9, tzinfo=SH))
    assert len(_messages(service)) == 1  # once per unit and month
    login_as("leader")
    page = client.get("/linkage/meetings").get_data(as_text=True)
    assert "2026年10月尚未召开集中会商：乙委" in page


def test_non_participant_cannot_read_the_minutes(client, login_as):
    pair, other = department(), department()
    organiser = factories.user("coordinator", office=pair.approval_office)
    meeting = meetings.schedule(organiser, pair.unit, scheduled_at=datetime(2026, 11, 20, 15, tzinfo=SH),
                                place="", participant_ids=[pair.supervision_office_id])
    login_as("coordinator", office=other.supervision_office)
    assert client.get(f"/linkage/meetings/{meeting.id}").status_code == 403
    assert client.get(f"/linkage/meetings/{meeting.id}/minutes.pdf").status_code == 403


def test_choosing_the_unit_reloads_its_participants(client, login_as):
    pair = department()
    login_as("coordinator", office=factories.office(OfficeKind.SERVICE_OFFICE))
    other = department()
    fragment = client.htmx("get", f"/linkage/meetings/participants?unit_id={pair.unit_id}").get_data(as_text=True)
    assert "<html" not in fragment and pair.supervision_office.name in fragment
    assert other.supervision_office.name not in fragment and "selected" in fragment


def test_new_meeting_form_upgrades_the_unit_choice_with_htmx(client, login_as):
    pair = department()
    login_as("coordinator", office=pair.approval_office)
    page = client.get("/linkage/meetings/new").get_data(as_text=True)
    assert 'hx-get="/linkage/meetings/participants"' in page and 'id="participants"' in page


def test_a_supervision_coordinator_is_told_it_does_not_organise_meetings(client, login_as):
    pair = department()
    login_as("coordinator", office=pair.supervision_office)
    page = client.get("/linkage/meetings/new", follow_redirects=True).get_data(as_text=True)
    assert "您所在处室不组织审管联动会商" in page
