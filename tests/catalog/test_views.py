"""Catalog pages through the client: search (HTMX), the 明白纸, PDF, editor scope, publish,
Excel import errors on the page, supervision standard scope."""
import io

import pytest
from openpyxl import load_workbook

from app.accounts.roles import OfficeKind
from app.catalog import excel, services
from app.catalog.models import PROCEDURE_ARTICLES, STANDARD_ELEMENTS, VersionStatus
from tests import factories
from tests.catalog import factories as cf


@pytest.fixture
def two_items():
    food = cf.published_item(code="F-1", main_name="食品经营许可", theme="市场准入",
                             handling_modes="online,nearby", nearby_enabled=True)
    road = cf.published_item(code="R-1", main_name="道路货物运输经营许可", theme="交通出行",
                             handling_modes="online")
    return food, road


def test_search_by_keyword_is_an_htmx_fragment(client, login_as, two_items):
    login_as("window_clerk")
    page = client.get("/catalog/")
    assert "食品经营许可" in page.text and "<html" in page.text
    frag = client.htmx("get", "/catalog/?q=道路")
    assert "<html" not in frag.text and "道路货物运输经营许可" in frag.text
    assert "食品经营许可" not in frag.text


@pytest.mark.parametrize("query,expected", [
    ("theme=交通出行", "道路货物运输经营许可"),
    ("mode=nearby", "食品经营许可"),
])
def test_search_by_theme_and_mode(client, login_as, two_items, query, expected):
    login_as("approver")
    text = client.htmx("get", f"/catalog/?{query}").text
    assert expected in text and "共 1 条" in text


def test_search_by_department(client, login_as, two_items):
    food, _ = two_items
    login_as("approver")
    text = client.htmx("get", f"/catalog/?department={food.department_id}").text
    assert "食品经营许可" in text and "道路货物" not in text


def test_item_page_is_the_printable_sheet(client, login_as, two_items):
    food, _ = two_items
    login_as("window_clerk")
    text = client.get(f"/catalog/items/{food.id}").text
    assert "办事明白纸" in text and "材料1" in text and "data-print" in text


def test_item_pdf(client, login_as, two_items):
    food, _ = two_items
    login_as("window_clerk")
    response = client.get(f"/catalog/items/{food.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


@pytest.fixture
def draft_setup(two_items):
    admin = factories.user("admin", office=factories.office(OfficeKind.SERVICE_OFFICE))
    draft = services.start_draft(admin, 2027)
    food, road = (next(i for i in draft.items if i.code == c) for c in ("F-1", "R-1"))
    return admin, draft, food, road


def _form(item, **changes):
    data = {"code": item.code, "main_name": item.main_name, "department_id": item.department_id,
            "office_id": item.office_id, "supervision_office_id": item.supervision_office_id or 0,
            "level": "city", "category": "general", "general_scope": "none",
            "statutory_limit_days": 20, "committed_limit_days": 5, "modes": ["online"],
            "fees": "不收费", "version": item.version}
    data.update(changes)
    return data


def test_department_edits_own_item_but_not_others(client, login_as, draft_setup):
    _, _, food, road = draft_setup
    login_as("approver", office=food.office)
    assert client.get(f"/catalog/items/{food.id}/edit").status_code == 200
    response = client.post(f"/catalog/items/{food.id}/edit", data=_form(food, fees="每件10元"))
    assert response.status_code == 302
    assert food.fees == "每件10元"
    assert client.get(f"/catalog/items/{road.id}/edit").status_code == 403
    assert client.post(f"/catalog/items/{road.id}/edit", data=_form(road)).status_code == 403


def test_published_item_cannot_be_edited(client, login_as, two_items):
    food, _ = two_items
    login_as("admin", office=factories.office(OfficeKind.SERVICE_OFFICE))
    assert client.get(f"/catalog/items/{food.id}/edit").status_code == 403


def test_form_explains_cat3_refusal_and_keeps_input(client, login_as, draft_setup):
    admin, _, food, _ = draft_setup
    login_as("admin", office=admin.office)
    response = client.post(f"/catalog/items/{food.id}/edit", data=_form(
        food, commitment_eligible="y", exclusions=["production_safety"], fees="保留的输入"))
    assert response.status_code == 422
    assert "涉及安全生产" in response.text and "不得适用承诺审批" in response.text
    assert "保留的输入" in response.text
    assert not food.commitment_eligible


def test_stale_version_is_refused(client, login_as, draft_setup):
    admin, _, food, _ = draft_setup
    login_as("admin", office=admin.office)
    response = client.post(f"/catalog/items/{food.id}/edit", data=_form(food, version=food.version - 1 or 99))
    assert response.status_code == 409


def test_service_office_publishes_from_the_page(client, login_as, draft_setup):
    admin, draft, _, _ = draft_setup
    login_as("admin", office=admin.office)
    assert "建立草稿" in client.get("/catalog/versions").text
    assert client.post(f"/catalog/versions/{draft.id}/publish").status_code == 302
    assert draft.status == VersionStatus.PUBLISHED


def test_department_cannot_publish(client, login_as, draft_setup):
    _, draft, food, _ = draft_setup
    login_as("approver", office=food.office)
    client.post(f"/catalog/versions/{draft.id}/publish")
    assert draft.status == VersionStatus.DRAFT


def test_import_page_lists_errors_by_cell(client, login_as, draft_setup):
    admin, draft, _, _ = draft_setup
    login_as("admin", office=admin.office)
    book = load_workbook(io.BytesIO(excel.export_workbook(draft)))
    book.worksheets[0]["O2"] = "很多天"   # 法定办结时限 column
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    response = client.post(f"/catalog/versions/{draft.id}/import",
                           data={"file": (out, "catalog.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "法定办结时限（工作日）" in response.text and "须为非负整数" in response.text
    assert "未导入任何数据" in response.text


def test_export_downloads_xlsx(client, login_as, two_items):
    food, _ = two_items
    login_as("approver")
    response = client.get(f"/catalog/versions/{food.catalog_version_id}/export.xlsx")
    assert response.data[:2] == b"PK"


def test_supervision_office_edits_own_standard_only(client, login_as, two_items):
    food, road = two_items
    login_as("supervisor", office=food.supervision_office)
    data = {f"el_{k}": f"{label}内容" for k, label in STANDARD_ELEMENTS}
    data.update({f"art_{n}": f"第{n}条" for n in range(1, len(PROCEDURE_ARTICLES) + 1)})
    data["change_note"] = "首次编制"
    assert client.post(f"/catalog/items/{food.id}/standard/edit", data=data).status_code == 302
    assert client.post(f"/catalog/items/{food.id}/standard/publish").status_code == 302
    page = client.get(f"/catalog/items/{food.id}/standard").text
    assert "现行第1版" in page and "惩戒措施内容" in page
    assert client.get(f"/catalog/items/{road.id}/standard/edit").status_code == 403


def test_changed_draft_shows_on_service_office_todo_list(client, login_as, draft_setup):
    admin, draft, food, _ = draft_setup
    services.save_item(admin, draft, {"fees": "免费"}, food)
    login_as("admin", office=admin.office)
    page = client.get("/").text
    assert "2027年版事项目录有变更待发布（12月21日前）" in page


def test_material_template_upload_and_download(client, login_as, draft_setup):
    _, _, food, road = draft_setup
    material = food.materials[0]
    login_as("approver", office=food.office)
    response = client.post(f"/catalog/materials/{material.id}/files", data={
        "kind": "template", "file": (io.BytesIO(b"%PDF-1.4 blank"), "申请书.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    download = client.get(f"/catalog/materials/{material.id}/files/template")
    assert download.data == b"%PDF-1.4 blank" and "attachment" in download.headers["Content-Disposition"]
    assert "空白表格" in client.get(f"/catalog/items/{food.id}").text
    bad = client.post(f"/catalog/materials/{material.id}/files", data={
        "kind": "sample", "file": (io.BytesIO(b"MZ"), "virus.exe")}, content_type="multipart/form-data")
    assert bad.status_code == 302 and material.sample_data is None
    other = road.materials[0]
    assert client.post(f"/catalog/materials/{other.id}/files", data={
        "kind": "template", "file": (io.BytesIO(b"x"), "a.pdf")},
        content_type="multipart/form-data").status_code == 403


def test_inline_cat3_hint(client, login_as):
    login_as("approver")
    hint = client.htmx("get", "/catalog/commitment-check?commitment_eligible=y&exclusions=financial")
    assert "涉及金融安全" in hint.text and "<html" not in hint.text
    assert client.htmx("get", "/catalog/commitment-check?exclusions=financial").text.strip() == ""


def test_demo_pages_render(client, login_as):
    from app.accounts.models import office_by_code
    from app.catalog.demo import load_demo
    from app.demo.loader import _load_offices

    _load_offices()
    load_demo()
    food = services.current_item("120000-SCJG-XK-001")
    login_as("supervisor", office=office_by_code("SCJG-JG"))
    for url in ("/catalog/", f"/catalog/items/{food.id}", f"/catalog/items/{food.id}/standard",
                f"/catalog/items/{food.id}/standard/edit"):
        assert client.get(url).status_code == 200, url
    login_as("admin", office=office_by_code("ZWB"))
    assert client.post("/catalog/versions", data={"year": 2027}).status_code == 302
    draft = services.draft_version()
    item = next(i for i in draft.items if i.code == food.code)
    for url in ("/catalog/versions", f"/catalog/versions/{draft.id}/items/new",
                f"/catalog/items/{item.id}/edit", f"/catalog/versions/{draft.id}/import",
                f"/catalog/?version={draft.id}"):
        assert client.get(url).status_code == 200, url
    assert "食品经营许可申请书｜主审｜个性｜申请人自备" in client.get(f"/catalog/items/{item.id}/edit").text


def test_item_page_shows_change_history(client, login_as, draft_setup):
    admin, draft, food, _ = draft_setup
    services.save_item(admin, draft, {"fees": "每件20元"}, food)
    login_as("window_clerk", office=food.department)  # a draft item: its own department sees it
    text = client.get(f"/catalog/items/{food.id}").text
    assert "变更记录" in text and "收费标准：不收费 → 每件20元" in text and admin.username in text
    assert "变更记录" not in text.split("</title>")[0]


def test_published_standards_list(client, login_as, two_items):
    from tests.catalog.test_standards import ARTICLES, ELEMENTS
    from app.catalog import standards

    food, _ = two_items
    supervisor = factories.user("supervisor", office=food.supervision_office)
    standards.save_draft(supervisor, food, ELEMENTS, ARTICLES, "首次")
    login_as("hotline_agent")
    assert "尚无已发布" in client.get("/catalog/standards").text
    standards.publish(supervisor, food)
    text = client.get("/catalog/standards").text
    assert "食品经营许可" in text and "第1版" in text


def test_forms_carry_csrf_and_refuse_without(client, login_as, two_items, csrf_enabled):
    import re

    login_as("admin", office=factories.office(OfficeKind.SERVICE_OFFICE))
    page = client.get("/catalog/versions").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/catalog/versions", data={"year": 2027}).status_code == 400
    assert services.draft_version() is None
    assert client.post("/catalog/versions", data={"year": 2027, "csrf_token": token}).status_code == 302
    assert services.draft_version().year == 2027


def test_every_catalog_route_has_one_role_gate(app):
    views = {rule.endpoint: app.view_functions[rule.endpoint] for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("catalog.")}
    assert len(views) >= 15
    assert all(hasattr(view, "allowed_roles") for view in views.values())


@pytest.mark.parametrize("role", ["window_clerk", "hotline_agent", "supervisor", "leader"])
def test_non_editors_cannot_reach_editing(client, login_as, draft_setup, role):
    _, draft, food, _ = draft_setup
    user = login_as(role)
    assert client.get(f"/catalog/items/{food.id}/edit").status_code == 403
    assert client.get(f"/catalog/versions/{draft.id}/import").status_code == 403
    assert client.post(f"/catalog/versions/{draft.id}/publish").status_code == 403
    # a draft item: the service office sees it, another office does not
    expected = 200 if user.office.kind == OfficeKind.SERVICE_OFFICE else 403
    assert client.get(f"/catalog/items/{food.id}").status_code == expected


def test_catalog_list_pages_instead_of_cutting(client, login_as):
    """Every item is reachable: a total, 20 a page, the filters kept in the page links."""
    first = cf.published_item()
    for _ in range(24):
        cf.item(first.catalog_version)
    login_as("approver")
    page1 = client.get(f"/catalog/?version={first.catalog_version_id}&q=").get_data(as_text=True)
    assert "第 1 / 2 页，共 25 条" in page1 and "page=2" in page1
    page2 = client.get(f"/catalog/?version={first.catalog_version_id}&page=2").get_data(as_text=True)
    assert "第 2 / 2 页" in page2 and page2.count('href="/catalog/items/') == 5
