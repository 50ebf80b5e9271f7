from datetime import date, datetime

from sqlalchemy import func, select

from app.core import clock
from app.extensions import db
from app.linkage.models import Meeting, OfficePair, WeeklyNote
from app.linkage.services import weekly
from tests.linkage.helpers import coordinator, department

SH = clock.SHANGHAI


def test_reminded_note_appears_in_my_todos_until_filed(client, login_as):
    pair = department()
    user = login_as("coordinator", office=pair.approval_office)
    coord = coordinator(pair.approval_office, user=user, appointed_on=date(2026, 11, 23))
    db.session.commit()
    assert "周工作记录" not in client.get("/").get_data(as_text=True)  # Monday: not yet reminded
    clock.freeze(datetime(2026, 11, 27, 12, 30, tzinfo=SH))
    weekly.send_weekly_reminders()
    db.session.commit()
    assert "周工作记录（11月23日所在周）待填报" in client.get("/").get_data(as_text=True)
    clock.freeze(datetime(2026, 11, 30, 8, 0, tzinfo=SH))
    assert "周工作记录（11月23日所在周）已逾期" in client.get("/").get_data(as_text=True)
    note = weekly.note_for(coord, weekly.week_start(datetime(2026, 11, 23).date()))
    weekly.file_note(user, coord, note.week_start, {"problems": "甲"}, version=note.version)
    db.session.commit()
    assert "周工作记录" not in client.get("/").get_data(as_text=True)


def test_demo_loader_and_reminder_command(app):
    from app.demo import loader

    loader.load_all(app)
    assert db.session.scalar(select(func.count(OfficePair.id))) == 5
    assert db.session.scalar(select(func.count(WeeklyNote.id))) >= 10
    assert db.session.scalar(select(func.count(Meeting.id))) == 2
    result = app.test_cli_runner().invoke(args=["linkage", "reminders"])
    assert result.exit_code == 0 and "周记录提醒" in result.output


def test_organiser_sees_this_months_missing_meeting_in_my_todos(client, login_as):
    from app.linkage.services import meetings
    from tests.linkage.helpers import department

    pair = department()
    user = login_as("coordinator", office=pair.approval_office)
    assert "11月审管联动集中会商尚未召开" in client.get("/").get_data(as_text=True)
    meeting = meetings.schedule(user, pair.unit, scheduled_at=datetime(2026, 11, 23, 9, tzinfo=SH), place="",
                                participant_ids=[pair.supervision_office_id])
    meetings.save_minutes(user, meeting, version=meeting.version, point_notes=[""] * 5, minutes="纪要",
                          attendees="", held=True)
    db.session.commit()
    assert "集中会商尚未召开" not in client.get("/").get_data(as_text=True)
