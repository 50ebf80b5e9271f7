"""REV-1: five levels, categories for bad ratings, one rating per 办件 and channel with history,
the window pad, the public SMS link, the rater hidden from the rated staff and unit."""
import re

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from app.hall.models import DeviceKind, HallDevice
from app.hall.services import devices
from app.matters import services as matters
from app.matters.models import MatterSource
from app.notify.models import OutboxMessage
from app.reviews.models import BadReviewCase, Level, Rating, RatingChannel
from app.reviews.services import ratings
from tests import factories
from tests.reviews.factories import finish_at_window, finished_matter, hall_with_pad


@pytest.fixture
def hall():
    return hall_with_pad()


def test_a_bad_rating_needs_a_category_and_opens_one_case(hall):
    matter = finished_matter(hall)
    with pytest.raises(DomainError) as error:
        ratings.rate(matter, RatingChannel.ONLINE, level="unsatisfied")
    assert error.value.field == "categories"
    rating = ratings.rate(matter, RatingChannel.ONLINE, level="unsatisfied", categories=["态度差"])
    assert rating.level == Level.UNSATISFIED and rating.category_list == ["态度差"]
    # edited: still one rating, the old kept; still one case
    ratings.rate(matter, RatingChannel.ONLINE, level="very_unsatisfied", categories=["多次跑"])
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 1
    assert [r.level for r in ratings.revisions(rating)] == [Level.UNSATISFIED]
    assert db.session.scalar(select(func.count()).select_from(BadReviewCase)) == 1
    # another channel is another rating
    ratings.rate(matter, RatingChannel.PAD, level="satisfied")
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 2


def test_an_open_matter_cannot_be_rated(hall):
    matter = matters.open_matter(source=MatterSource.ORDINARY, source_type="test", source_id=9,
                                 item=hall.item, party_name="李四", staff=hall.clerk)
    with pytest.raises(DomainError):
        ratings.rate(matter, RatingChannel.ONLINE, level="satisfied")


def test_the_pad_lights_up_when_the_window_finishes_and_takes_one_rating(client, hall):
    url = f"/review-pad/{hall.pad_token}"
    assert "办结后请在此评价" in client.get(url + "/current").get_data(as_text=True)
    matter = finish_at_window(hall)
    db.session.commit()
    fragment = client.get(url + "/current").get_data(as_text=True)
    assert hall.item.name in fragment and "提交评价" in fragment and "<html" not in fragment
    response = client.post(f"{url}/rate/{matter.id}", data={"level": "unsatisfied"})
    assert response.status_code == 422 and "请至少选择一类问题" in response.get_data(as_text=True)
    page = client.post(f"{url}/rate/{matter.id}", data={"level": "unsatisfied", "categories": ["态度差"]})
    assert "感谢您的评价" in page.get_data(as_text=True)
    assert ratings.find(matter.id, RatingChannel.PAD).level == Level.UNSATISFIED
    assert "办结后请在此评价" in client.get(url + "/current").get_data(as_text=True)  # rated: dark
    assert client.post(f"{url}/rate/{matter.id}", data={"level": "satisfied"}).status_code == 404


def test_the_staff_session_cannot_post_a_rating_on_its_own_windows_pad(client, login_as, hall):
    matter = finish_at_window(hall)
    db.session.commit()
    login_as("window_clerk", office=hall.centre)
    response = client.post(f"/review-pad/{hall.pad_token}/rate/{matter.id}", data={"level": "very_satisfied"})
    assert response.status_code == 403
    assert ratings.find(matter.id, RatingChannel.PAD) is None


def test_a_forged_or_other_device_token_is_refused(client, hall):
    kiosk = HallDevice(centre_id=hall.centre.id, kind=DeviceKind.KIOSK, name="取号机")
    db.session.add(kiosk)
    db.session.flush()
    assert client.get(f"/review-pad/{devices.token_for(kiosk)}").status_code == 404
    assert client.get("/review-pad/forged").status_code == 404
    hall.pad.active = False
    db.session.flush()
    assert client.get(f"/review-pad/{hall.pad_token}").status_code == 404


def test_completion_sends_the_signed_link_and_the_public_page_rates(client, hall):
    party = factories.party(phone="13912345678")
    matter = finished_matter(hall, party=party)
    sms = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"review:link:{matter.id}"))
    assert sms.phone == "13912345678"
    path = re.search(r"(/pingjia/\S+)", sms.text).group(1)
    db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert hall.item.name in page and hall.clerk.name not in page
    client.post(path, data={"level": "very_satisfied", "rater_name": "王五"})
    assert ratings.find(matter.id, RatingChannel.ONLINE).rater_name == "王五"
    assert client.get("/pingjia/forged-token").status_code == 404


def test_the_rated_staff_and_unit_never_see_the_rater(client, login_as, hall):
    matter = finished_matter(hall)
    rating = ratings.rate(matter, RatingChannel.ONLINE, level="unsatisfied", categories=["态度差"],
                          rater_name="赵评价", rater_phone="13800001111")
    case = db.session.scalar(select(BadReviewCase))
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "review.rated"))
    assert "赵评价" not in str(entry.after) and "13800001111" not in str(entry.after)
    with client.session_transaction() as session:
        factories.signed_in_session(session, hall.clerk)
    page = client.get(f"/reviews/cases/{case.id}").get_data(as_text=True)
    assert "态度差" in page and "赵评价" not in page and "1111" not in page and "查看评价人" not in page
    with client.session_transaction() as session:
        factories.signed_in_session(session, hall.reviewer)
    page = client.get(f"/reviews/cases/{case.id}").get_data(as_text=True)
    assert "赵评价" not in page and "查看评价人" not in page
    assert client.post(f"/reviews/cases/{case.id}/rater", data={"x-reason": "核查"}).status_code == 403
    with client.session_transaction() as session:
        factories.signed_in_session(session, hall.office)
    page = client.post(f"/reviews/cases/{case.id}/rater", data={"x-reason": "核实差评"}).get_data(as_text=True)
    assert "赵评价" in page and "13800001111" in page
    logged = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "review.rater_revealed"))
    assert logged.reason == "核实差评" and logged.subject_id == rating.id
