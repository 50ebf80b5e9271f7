"""CRD-2/3/4/8/9: the derived status, the two-strike rule and the one-year boundary."""
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import clock
from app.core.errors import DomainError
from app.credit import services
from app.credit.models import CreditGround, CreditLevel, RecordState
from app.credit.services import StatusKind, credit_status, party_blacklisted
from app.extensions import db
from tests import factories
from tests.credit.factories import record


def test_a_party_without_records_is_honest_with_the_green_channel():
    status = credit_status(factories.party())
    assert status.kind == StatusKind.HONEST
    assert status.label == "诚实守信"
    assert status.green_channel and not status.restricted and not status.blacklisted


def test_one_dishonesty_blacklists_and_restricts_for_a_year():
    party = factories.party()
    entry = record(party)
    status = credit_status(party)
    assert status.kind == StatusKind.BLACKLISTED
    assert status.restricted and status.restricted_until == date(2027, 11, 23)
    assert "限制至2027年11月23日" in status.label
    assert status.records == (entry,)
    assert not status.green_channel


def test_second_dishonesty_makes_the_party_seriously_dishonest_automatically():
    party = factories.party()
    record(party)
    assert credit_status(party).kind == StatusKind.BLACKLISTED
    record(party, ground=CreditGround.SUPERVISION_VIOLATION, description="监管发现无证经营")
    status = credit_status(party)
    assert status.kind == StatusKind.SERIOUSLY_DISHONEST
    assert status.label.startswith("严重失信")
    assert status.focus_of_supervision
    assert len(status.records) == 2


def test_a_serious_ground_is_serious_at_once():
    party = factories.party()
    record(party, ground=CreditGround.FRAUD, description="伪造营业执照复印件")
    assert credit_status(party).kind == StatusKind.SERIOUSLY_DISHONEST


@pytest.mark.parametrize("day, restricted", [(date(2026, 11, 22), True),   # day 364
                                             (date(2026, 11, 23), True),   # day 365
                                             (date(2026, 11, 24), False)])  # day 366
def test_restriction_ends_after_day_365(frozen_clock, day, restricted):
    frozen_clock.freeze(datetime(2025, 11, 23, 10, 0, tzinfo=clock.SHANGHAI))
    party = factories.party()
    record(party, occurred_on=date(2025, 11, 20))
    assert (day - date(2025, 11, 23)).days in (364, 365, 366)
    status = credit_status(party, on=day)
    assert status.restricted is restricted
    # CRD-4: the listing itself ends only by repair or a 删除 objection
    assert status.kind == StatusKind.BLACKLISTED
    if not restricted:
        assert "限制期已满" in status.label


def test_leap_day_listing_ends_on_the_last_day_of_february():
    assert services.restriction_end(date(2028, 2, 29)) == date(2029, 2, 28)


def test_status_on_a_day_before_the_listing_ignores_the_record():
    party = factories.party()
    record(party)
    assert credit_status(party, on=date(2026, 11, 22)).kind == StatusKind.HONEST


def test_minor_dishonesty_is_flagged_for_education_not_punished():
    party = factories.party()
    record(party, ground=CreditGround.MINOR, description="逾期未年检")
    status = credit_status(party)
    assert status.kind == StatusKind.HONEST and status.education
    assert not status.green_channel and not status.restricted


def test_no_shows_ban_booking_for_six_months_only():
    party = factories.party()
    record(party, ground=CreditGround.NO_SHOWS, description="一年内3次失约")
    assert credit_status(party).kind == StatusKind.HONEST
    assert credit_status(party, on=date(2027, 5, 23)).booking_banned
    assert not credit_status(party, on=date(2027, 5, 24)).booking_banned


def test_level_must_match_the_ground():
    with pytest.raises(DomainError) as error:
        services.record_dishonesty(
            factories.party(), level=CreditLevel.DISHONEST, ground=CreditGround.FRAUD,
            office=factories.office(), description="x", source="approval", actor=None,
            occurred_on=date(2026, 11, 1))
    assert error.value.field == "level"


@pytest.mark.parametrize("field, kwargs", [
    ("description", {"description": "  "}),
    ("occurred_on", {"occurred_on": date(2026, 11, 24)}),
    ("office", {"office": "supervision"}),
])
def test_invalid_records_are_refused_and_nothing_is_written(field, kwargs):
    from app.accounts.roles import OfficeKind
    party = factories.party()
    if kwargs.get("office") == "supervision":
        kwargs["office"] = factories.office(OfficeKind.SUPERVISION)
    with pytest.raises(DomainError) as error:
        record(party, **kwargs)
    assert error.value.field == field
    assert services.party_records(party) == []


def test_the_signal_fires_for_the_commitment_module():
    party = factories.party()
    received = []

    def listener(sender, **kw):
        received.append((sender, kw["status"].kind, kw["previous"]))

    with party_blacklisted.connected_to(listener):
        record(party)
        record(party, ground=CreditGround.MINOR, description="逾期未年检")
        record(party, ground=CreditGround.MATERIALS_REVOKED, description="材料不符被撤销")
    assert received == [(party, StatusKind.BLACKLISTED, StatusKind.HONEST),
                        (party, StatusKind.SERIOUSLY_DISHONEST, StatusKind.BLACKLISTED)]


def test_same_subject_and_ground_is_recorded_once():
    party, office = factories.party(), factories.office()
    first = record(party, office=office, subject=office)
    again = record(party, office=office, subject=office)
    assert again.id == first.id
    assert len(services.party_records(party)) == 1


def test_creation_writes_history_and_history_cannot_be_rewritten():
    entry = record()
    rows = entry.history
    assert [h.action for h in rows] == ["created"]
    assert rows[0].after["state"] == RecordState.ACTIVE.value
    rows[0].reason = "改写"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()


def test_history_rows_cannot_be_deleted():
    entry = record()
    db.session.delete(entry.history[0])
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_restriction_is_one_calendar_year_whatever_the_listing_day(listed):
    end = services.restriction_end(listed)
    assert (end - listed).days in (365, 366)
    assert (end.year, end.month) == (listed.year + 1, listed.month)
    assert end.day == listed.day or (listed.month, listed.day, end.day) == (2, 29, 28)
