"""The publication feeds (issue 24 §3; CMT-8, CRD-2/3/4): a revocation and a blacklist entry
are published, as JSON pages with a cursor and an ETag and as CSV, without personal data."""
from datetime import timedelta

from app.commitment import services
from app.core import clock
from app.credit.models import CreditGround, CreditRecordHistory, RecordState
from app.extensions import db
from app.parties.models import PartyKind
from tests import factories
from tests.api.helpers import call, partner
from tests.commitment.factories import case
from tests.credit.factories import record

FACTS = "提交的场地租赁合同系伪造"


def _published():
    person = factories.party(PartyKind.PERSON, name="李小明", phone="13800001111", address="和平区南京路1号")
    approved = case("approved", party=person)
    services.revoke(approved.created_by, approved, "false_materials", FACTS)
    minor = record(ground=CreditGround.NO_SHOWS)   # CRD-8: a booking ban, not a listing
    db.session.flush()
    return person, approved, minor


def _get(client, url, scopes=("feeds:read",)):
    p, secret = partner(scopes=scopes)
    return call(client, "GET", url, p, secret)


def _no_personal_data(text: str, person) -> None:
    for secret in (person.identifier, person.phone, person.address, person.name, FACTS):
        assert secret not in text


def test_a_revocation_is_published_without_personal_data(client):
    person, approved, _ = _published()
    response = _get(client, "/api/v1/feeds/revocations")
    assert response.status_code == 200, response.get_json()
    items = [i for i in response.get_json()["items"] if i["id"] == approved.id]
    assert len(items) == 1
    item = items[0]
    assert item["revocation_number"] == approved.revocation_number and item["party_name"] == "李**"
    assert item["party_identifier"].startswith(person.identifier[:6]) and "*" in item["party_identifier"]
    assert item["ground"] and item["revoked_on"] == "2026-11-23"
    _no_personal_data(response.get_data(as_text=True), person)


def test_the_blacklist_lists_the_record_of_the_revocation_and_not_a_no_show_ban(client):
    person, approved, minor = _published()
    response = _get(client, "/api/v1/feeds/blacklist?limit=1000")
    items = response.get_json()["items"]
    mine = [i for i in items if i["party_name"] == "李**"]
    assert mine and mine[0]["listed"] is True and mine[0]["level"] == "严重失信"
    assert minor.id not in {i["id"] for i in items}
    _no_personal_data(response.get_data(as_text=True), person)


def test_the_cursor_and_the_etag(client):
    _published()
    p, secret = partner(scopes=("feeds:read",))
    first = call(client, "GET", "/api/v1/feeds/blacklist?limit=1000", p, secret).get_json()
    cursor = first["next_since"]
    assert cursor and not first["has_more"]
    later = call(client, "GET", f"/api/v1/feeds/blacklist?since={cursor}", p, secret)
    assert later.status_code == 200 and later.get_json()["items"] == []
    etag = later.headers["ETag"]
    unchanged = call(client, "GET", f"/api/v1/feeds/blacklist?since={cursor}", p, secret,
                     headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    # a record that leaves the list comes again, with listed false, after the cursor
    entry = record()
    db.session.flush()
    entry.state = RecordState.REPAIRED
    db.session.add(CreditRecordHistory(record_id=entry.id, at=clock.now() + timedelta(seconds=5),
                                       action="repaired", actor_name=""))
    db.session.flush()
    changed = call(client, "GET", f"/api/v1/feeds/blacklist?since={cursor}", p, secret).get_json()["items"]
    assert [(i["id"], i["listed"]) for i in changed] == [(entry.id, False)]


def test_a_page_is_limited_and_has_more(client):
    for _ in range(3):
        record()
    db.session.flush()
    p, secret = partner(scopes=("feeds:read",))
    page = call(client, "GET", "/api/v1/feeds/blacklist?limit=2", p, secret).get_json()
    assert len(page["items"]) == 2 and page["has_more"]
    rest = call(client, "GET", f"/api/v1/feeds/blacklist?limit=1000&since={page['next_since']}", p, secret).get_json()
    assert not {i["id"] for i in page["items"]} & {i["id"] for i in rest["items"]}
    assert len(rest["items"]) >= 1


def test_the_csv_variants(client):
    person, approved, _ = _published()
    response = _get(client, "/api/v1/feeds/revocations.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff撤销决定书文号,") and approved.revocation_number in text
    _no_personal_data(text, person)
    blacklist = _get(client, "/api/v1/feeds/blacklist.csv").get_data(as_text=True)
    assert "李**" in blacklist and "仍在名单" in blacklist
    _no_personal_data(blacklist, person)


def test_bad_query_values_are_422_naming_the_parameter(client):
    for url, field in (("/api/v1/feeds/blacklist?since=yesterday", "since"),
                       ("/api/v1/feeds/blacklist?limit=0", "limit"),
                       ("/api/v1/feeds/revocations?limit=many", "limit")):
        response = _get(client, url)
        assert response.status_code == 422 and response.get_json()["field"] == field
