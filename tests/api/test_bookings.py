"""Inbound bookings of the 网上办事大厅 (issue 24 §4): the public page's rules — APT-2 days and
slots, the daily quota, the CRD-4 blacklist and the CRD-8 no-show ban, one booking per item and
day, APT-4 cancellation — plus idempotency, ownership and precise 422s."""
from datetime import date

import pytest
from sqlalchemy import select

from app.core import clock
from app.credit.models import CreditGround, CreditLevel, CreditSource
from app.credit.services import record_dishonesty
from app.extensions import db
from app.hall.models import Appointment, AppointmentState, BookingDay
from app.parties.services import find_by_identifier
from tests.api.helpers import call, partner
from tests.hall.factories import PHONE, centre_setup, person

TUESDAY = date(2026, 11, 24)


@pytest.fixture
def hall():
    return centre_setup(quota=2)


@pytest.fixture
def hall_partner():
    return partner(name="网上办事大厅")


def _body(hall, n=1, **over):
    body = {"item_code": hall.item.code, "centre_id": hall.centre.id, "day": TUESDAY.isoformat(),
            "slot": "09:00-10:00", "name": "张三", "id_number": person(n), "phone": PHONE}
    body.update(over)
    return body


def _book(client, hall_partner, body, **kw):
    p, secret = hall_partner
    return call(client, "POST", "/api/v1/bookings", p, secret, body=body, **kw)


def test_a_booking_through_the_api_is_a_hall_booking(client, hall, hall_partner):
    response = _book(client, hall_partner, _body(hall))
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["number"].startswith("YY20261124") and data["state"] == "booked" and data["cancellable"]
    assert data["id_number"] != person(1) and "*" in data["id_number"] and data["name"] == "张*"
    appointment = db.session.scalar(select(Appointment).where(Appointment.number == data["number"]))
    assert appointment.party_id == find_by_identifier(person(1)).id
    assert db.session.scalar(select(BookingDay.booked).where(BookingDay.day == TUESDAY)) == 1


def test_the_quota_is_shared_with_the_public_page(client, hall, hall_partner):
    assert _book(client, hall_partner, _body(hall, 1)).status_code == 201
    assert _book(client, hall_partner, _body(hall, 2)).status_code == 201
    response = _book(client, hall_partner, _body(hall, 3))
    assert response.status_code == 409
    assert response.get_json()["error"] == "booking_refused" and response.get_json()["field"] == "day"
    assert "名额已满" in response.get_json()["message"]


@pytest.mark.parametrize("day", [date(2026, 11, 23), date(2026, 12, 1), date(2026, 11, 28)])
def test_apt2_today_weekends_and_beyond_five_working_days_are_422_on_day(client, hall, hall_partner, day):
    response = _book(client, hall_partner, _body(hall, day=day.isoformat()))
    assert response.status_code == 422 and response.get_json()["field"] == "day"


def test_the_same_item_and_day_twice_is_refused(client, hall, hall_partner):
    assert _book(client, hall_partner, _body(hall)).status_code == 201
    response = _book(client, hall_partner, _body(hall, slot="10:00-11:00"))
    assert response.status_code == 409 and "同一天只能预约一次" in response.get_json()["message"]


@pytest.mark.parametrize("ground, words", [(CreditGround.LATE_MATERIALS, "黑名单"), (CreditGround.NO_SHOWS, "失约")])
def test_the_blacklist_and_the_no_show_ban_apply(client, hall, hall_partner, ground, words):
    assert _book(client, hall_partner, _body(hall)).status_code == 201
    party = find_by_identifier(person(1))
    record_dishonesty(party, level=CreditLevel.DISHONEST, ground=ground, office=hall.item.office,
                      description="测试", actor=None, occurred_on=clock.today(),
                      source=CreditSource.APPOINTMENT if ground == CreditGround.NO_SHOWS else CreditSource.APPROVAL)
    db.session.flush()
    response = _book(client, hall_partner, _body(hall, day="2026-11-25"))
    assert response.status_code == 409 and words in response.get_json()["message"]


@pytest.mark.parametrize("over, field", [
    ({"id_number": "120101199001011234"}, "id_number"), ({"phone": "12345"}, "phone"),
    ({"slot": "07:00-08:00"}, "slot"), ({"item_code": "NO-SUCH"}, "item_code"),
    ({"centre_id": 987654}, "centre_id"), ({"day": "2026-13-01"}, "day"), ({"name": ""}, "name"),
    ({"centre_id": "abc"}, "centre_id"), ({"surprise": 1}, "surprise")])
def test_bad_fields_are_422_naming_the_field(client, hall, hall_partner, over, field):
    response = _book(client, hall_partner, _body(hall, **over))
    assert response.status_code in (404, 422), response.get_json()
    assert response.get_json()["field"] == field


def test_a_missing_field_and_malformed_json(client, hall, hall_partner):
    body = _body(hall)
    del body["phone"]
    response = _book(client, hall_partner, body)
    assert response.status_code == 422 and response.get_json()["field"] == "phone"
    p, secret = hall_partner
    for raw in (b'{"item_code": ', b"\xff\xfe", b"[1, 2]", b"null"):
        response = call(client, "POST", "/api/v1/bookings", p, secret, raw=raw,
                        headers={"Content-Type": "application/json"})
        assert response.status_code == 422 and response.get_json()["field"] == "body"
    response = call(client, "POST", "/api/v1/bookings", p, secret, raw=b"a=1",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415


def test_the_idempotency_key_gives_the_first_answer_again(client, hall, hall_partner):
    first = _book(client, hall_partner, _body(hall), headers={"Idempotency-Key": "req-1"})
    again = _book(client, hall_partner, _body(hall), headers={"Idempotency-Key": "req-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["number"] == again.get_json()["number"]
    assert db.session.scalar(select(BookingDay.booked).where(BookingDay.day == TUESDAY)) == 1
    other = _book(client, hall_partner, _body(hall, 2), headers={"Idempotency-Key": "req-1"})
    assert other.status_code == 409 and other.get_json()["error"] == "idempotency_conflict"


def test_read_and_cancel_own_bookings_only(client, hall, hall_partner):
    number = _book(client, hall_partner, _body(hall)).get_json()["number"]
    p, secret = hall_partner
    assert call(client, "GET", f"/api/v1/bookings/{number}", p, secret).get_json()["number"] == number
    stranger, stranger_secret = partner(name="其他系统")
    assert call(client, "GET", f"/api/v1/bookings/{number}", stranger, stranger_secret).status_code == 404
    assert call(client, "POST", f"/api/v1/bookings/{number}/cancel", stranger, stranger_secret).status_code == 404
    response = call(client, "POST", f"/api/v1/bookings/{number}/cancel", p, secret)
    assert response.status_code == 200 and response.get_json()["state"] == AppointmentState.CANCELLED.value
    assert db.session.scalar(select(BookingDay.booked).where(BookingDay.day == TUESDAY)) == 0
    again = call(client, "POST", f"/api/v1/bookings/{number}/cancel", p, secret)
    assert again.status_code == 409 and again.get_json()["error"] == "cannot_cancel"


def test_apt4_no_cancellation_on_the_day(client, hall, hall_partner):
    number = _book(client, hall_partner, _body(hall)).get_json()["number"]
    p, secret = hall_partner
    with clock.frozen_at(clock.local_datetime(TUESDAY, 8)):
        response = call(client, "POST", f"/api/v1/bookings/{number}/cancel", p, secret)
    assert response.status_code == 409 and "当天不能取消" in response.get_json()["message"]


def test_booking_needs_the_write_scope(client, hall):
    reader = partner(scopes=("bookings:read",))
    response = _book(client, reader, _body(hall))
    assert response.status_code == 403 and response.get_json()["error"] == "scope_denied"
