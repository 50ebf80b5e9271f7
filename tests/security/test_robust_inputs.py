"""Issue 15 §6 and the low item on optimistic locks: each input that gave a 500 gives a clear
answer (404, 400, or a Chinese error next to the field), and a form cannot skip the version
check by leaving the version out."""
import io

import pytest
from werkzeug.routing import IntegerConverter

from app.accounts.roles import OfficeKind
from app.catalog import services as catalog
from app.catalog.columns import CellError, parse_centres
from app.core import excel
from app.core.downloads import content_disposition
from app.core.errors import ConcurrentEdit, check_version, submitted_version
from app.core.inputs import INT_MAX, BoundedIntConverter
from app.linkage.services import assessment
from tests import factories
from tests.catalog import factories as cf


def test_every_int_route_argument_is_bounded(app):
    """The default `int` converter is overridden, so a route added later is bounded too."""
    assert app.url_map.converters["int"] is BoundedIntConverter
    converters = [c for rule in app.url_map.iter_rules() for c in rule._converters.values()
                  if isinstance(c, IntegerConverter)]
    assert len(converters) > 50
    assert all(isinstance(c, BoundedIntConverter) and c.min == 1 and c.max == INT_MAX for c in converters)


@pytest.mark.parametrize("item_id", [INT_MAX + 1, 10**30, 0])
def test_id_beyond_the_database_integer_is_404(client, login_as, item_id):
    login_as("approver")
    assert client.get(f"/catalog/items/{item_id}").status_code == 404
    assert client.get(f"/catalog/items/{INT_MAX}").status_code == 404


def test_huge_number_in_a_query_parameter_is_ignored(client, login_as):
    login_as("approver")
    assert client.get("/catalog/?department=99999999999999999999999&page=-5").status_code == 200
    assert client.get("/notifications?page=1" + "0" * 30).status_code == 200


def test_nul_in_a_query_parameter_is_400(client, login_as):
    login_as("approver")
    response = client.get("/catalog/?q=a%00b")
    assert response.status_code == 400 and "控制字符" in response.text


@pytest.mark.parametrize("url", ["/linkage/meetings?year=-1", "/linkage/meetings?year=99999",
                                 "/calendar/?year=-5", "/linkage/assessment?year=10000"])
def test_impossible_year_is_404(client, login_as, url):
    login_as("admin", office=factories.office(OfficeKind.SERVICE_OFFICE))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("week", ["2026-02-30", "9999-12-31", "0001-01-01"])
def test_impossible_day_is_404(client, login_as, week):
    login_as("leader", office=factories.office(OfficeKind.SERVICE_OFFICE))
    assert client.get("/linkage/weekly").status_code == 200
    assert client.get(f"/linkage/weekly?week={week}").status_code == 404


@pytest.mark.parametrize("next_url", ["%0D%0ASet-Cookie:%20x=1", "/%0A/evil.example", "%00"])
def test_control_characters_in_next_do_not_fail(client, next_url):
    assert client.get(f"/accounts/login?next={next_url}").status_code < 500
    response = client.post(f"/accounts/login?next={next_url}", data={"username": "x", "password": "y"})
    assert response.status_code < 500


def test_submitted_version_accepts_only_whole_numbers():
    assert submitted_version("3") == 3 and submitted_version(" 7 ") == 7
    for bad in (None, "", "abc", "1.5", "-1", "²", "9" * 40, "1\x00"):
        assert submitted_version(bad) is None


def test_a_missing_or_malformed_version_is_a_conflict():
    class Row:
        version = 4

    check_version(Row(), "4")
    for bad in (None, "", "abc", "3"):
        with pytest.raises(ConcurrentEdit):
            check_version(Row(), bad)


@pytest.fixture
def draft_item(login_as):
    admin = factories.user("admin", office=factories.office(OfficeKind.SERVICE_OFFICE))
    centre = factories.office(OfficeKind.SERVICE_CENTRE)
    centre.code = "ZX-ROBUST"
    cf.published_item(code="B-1", main_name="可预约事项", handling_modes="online,nearby", nearby_enabled=True,
                      centres=[(centre, 10)])
    draft = catalog.start_draft(admin, 2027)
    item = next(i for i in draft.items if i.code == "B-1")
    login_as("approver", office=item.office)
    return item, centre


def _item_form(item, **changes):
    data = {"code": item.code, "main_name": item.main_name, "department_id": item.department_id,
            "office_id": item.office_id, "supervision_office_id": item.supervision_office_id or 0,
            "level": "city", "category": "general", "general_scope": "none",
            "statutory_limit_days": 20, "committed_limit_days": 5, "modes": ["online", "nearby"],
            "fees": "不收费", "centres": "ZX-ROBUST:10", "version": item.version}
    data.update(changes)
    return data


def test_editing_a_bookable_item_with_centres_keeps_its_centre_row(client, draft_item):
    item, centre = draft_item
    assert [c.centre_id for c in item.centres] == [centre.id]
    response = client.post(f"/catalog/items/{item.id}/edit", data=_item_form(item, centres="ZX-ROBUST:15"))
    assert response.status_code == 302
    assert [(c.centre_id, c.daily_quota) for c in item.centres] == [(centre.id, 15)]


def test_a_centre_listed_twice_is_a_field_error(client, draft_item):
    item, _ = draft_item
    response = client.post(f"/catalog/items/{item.id}/edit",
                           data=_item_form(item, centres="ZX-ROBUST:10,ZX-ROBUST:20"))
    assert response.status_code == 422 and "填写了两次" in response.text
    with pytest.raises(CellError):
        parse_centres("ZX-ROBUST:99999999999999999999")


@pytest.mark.parametrize("version", [None, "", "abc"])
def test_catalog_edit_without_a_valid_version_is_a_conflict(client, draft_item, version):
    item, _ = draft_item
    data = _item_form(item, fees="每件10元")
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    response = client.post(f"/catalog/items/{item.id}/edit", data=data)
    assert response.status_code == 409 and "已被他人修改" in response.text
    assert item.fees != "每件10元"


def test_nul_in_a_form_field_is_a_chinese_field_error(client, draft_item):
    item, _ = draft_item
    response = client.post(f"/catalog/items/{item.id}/edit", data=_item_form(item, main_name="可预约\x00事项"))
    assert response.status_code == 422 and "控制字符" in response.text
    assert item.main_name == "可预约事项"


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", b"\x00" * 64, b"<xml/>"])
def test_a_broken_excel_upload_is_a_form_error(client, draft_item, data):
    item, _ = draft_item
    response = client.post(f"/catalog/versions/{item.catalog_version_id}/import",
                           data={"file": (io.BytesIO(data), "目录.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 422 and "有效的 Excel" in response.text


def test_a_non_ascii_fallback_name_stays_an_ascii_header():
    header = content_disposition("事项-市场监管.pdf", fallback="item-市场监管局.pdf")
    header.encode("latin-1")
    assert 'filename="item.pdf"' in header
    assert excel.cell_value("a\x00b\x1fc") == "abc"


def test_assessment_plan_without_its_version_is_not_overwritten(client, login_as):
    login_as("coordinator", office=factories.office(OfficeKind.SERVICE_OFFICE))
    first = client.post("/linkage/assessment", data={"year": 2026, "random_weight": 40, "yearend_weight": 60})
    assert first.status_code == 302
    page = client.post("/linkage/assessment", data={"year": 2026, "random_weight": 50, "yearend_weight": 50}).text
    assert "已被他人修改" in page
    plan = assessment.plan_for(2026)
    assert (plan.random_weight, plan.yearend_weight) == (40, 60)
    again = client.post("/linkage/assessment", data={"year": 2026, "random_weight": 50, "yearend_weight": 50,
                                                     "version": plan.version})
    assert again.status_code == 302 and assessment.plan_for(2026).random_weight == 50
