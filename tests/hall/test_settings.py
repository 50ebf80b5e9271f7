"""APT-8: the noon window and the 7×24 urgent slots, set by the centre manager (audited)."""
from datetime import date

import pytest
from sqlalchemy import select

from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from app.hall.models import UrgentSlot
from app.hall.services import booking, reports, settings
from tests.hall.factories import centre_setup, code_for, person


@pytest.fixture
def hall():
    return centre_setup()


def test_one_noon_window_and_the_gap_when_nobody_sits_there(hall):
    w1, w2, _ = hall.windows
    assert reports.gaps(hall.centre.id, hall.windows) == ["未设置7×24小时急办预约时段。"]
    settings.set_noon_window(hall.centre.id, w2.id, actor=None)
    assert [w.noon for w in hall.windows] == [False, True, False]
    assert "中午值守窗口当前无人值守。" in reports.gaps(hall.centre.id, hall.windows)
    with pytest.raises(DomainError):
        settings.set_noon_window(hall.centre.id, centre_setup().windows[0].id, actor=None)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "hall.noon_window"))


def test_urgent_slots_are_offered_and_bookable_as_urgent(hall):
    with pytest.raises(DomainError) as error:
        settings.add_urgent_slot(hall.centre.id, "18点-20点", 2, actor=None)
    assert error.value.field == "slot"
    settings.add_urgent_slot(hall.centre.id, "18:00-20:00", 2, actor=None)
    with pytest.raises(DomainError, match="已设置"):
        settings.add_urgent_slot(hall.centre.id, "18:00-20:00", 2, actor=None)
    assert reports.gaps(hall.centre.id, hall.windows) == []
    assert ("18:00-20:00", True) in booking.slots_for(hall.item, hall.centre.id)
    appointment = booking.book(item_code=hall.item.code, centre_id=hall.centre.id, day=date(2026, 11, 24),
                               slot="18:00-20:00", name="急办", id_number=person(31),
                               phone="13711110000", code=code_for("13711110000"))
    assert appointment.urgent


def test_settings_page(client, login_as, hall):
    login_as("leader", office=hall.centre)
    assert "中午值守窗口" in client.get("/hall/settings").get_data(as_text=True)
    response = client.post("/hall/settings", data={"save-noon": "1", "noon-window": hall.windows[2].id})
    assert response.status_code == 302 and [w.noon for w in hall.windows] == [False, False, True]
    page = client.post("/hall/settings", data={"add-urgent": "1", "urgent-slot": "晚上",
                                                "urgent-daily_quota": "2"}).get_data(as_text=True)
    assert "时段格式应为 18:00-20:00。" in page
    response = client.post("/hall/settings", data={"add-urgent": "1", "urgent-slot": "19:00-21:00",
                                                    "urgent-daily_quota": "3"})
    assert response.status_code == 302
    row = db.session.scalar(select(UrgentSlot))
    assert (row.slot, row.daily_quota) == ("19:00-21:00", 3)
    assert client.post(f"/hall/settings/urgent/{row.id}/remove").status_code == 302
    assert db.session.scalar(select(UrgentSlot)) is None


def test_another_centres_manager_cannot_remove_a_slot(client, login_as, hall):
    row = settings.add_urgent_slot(hall.centre.id, "18:00-20:00", 2, actor=None)
    login_as("leader", office=centre_setup().centre)
    assert client.post(f"/hall/settings/urgent/{row.id}/remove").status_code == 403
