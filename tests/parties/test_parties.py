"""Party registry: validated unique identifiers, masked lists, POST-only identifier search,
optimistic locking, logged reveals, find_or_create_party."""
import pytest
from sqlalchemy import select

from app.core import audit
from app.core.errors import ConcurrentEdit, DomainError
from app.extensions import db
from app.parties import services
from app.parties.models import Party, PartyKind
from tests import factories

ID = "110101199003074477"
USCC = "91350100M000100Y43"


def test_service_creates_person_and_audits_masked_values():
    party = services.create_party(kind="person", name="张三", identifier=" 11010519491231002x ", phone="13812345678")
    assert party.identifier == "11010519491231002X"
    entry = db.session.scalar(select(audit.AuditEntry).where(audit.AuditEntry.action == "party.create"))
    assert entry.subject_id == party.id
    assert entry.after["identifier"] == "110105********002X" and entry.after["phone"] == "138****5678"


@pytest.mark.parametrize("kind, identifier, message", [
    ("person", "110101199003074478", "校验位不正确"),
    ("person", "110101199002304471", "出生日期不存在"),
    ("person", "11010119900307447", "应为18位"),
    ("org", "91350100M000100Y44", "校验位不正确"),
    ("org", "91350100M000I00Y43", "不允许的字符：I"),
    ("org", "", "请填写统一社会信用代码"),
])
def test_invalid_identifiers_are_refused_with_reason(kind, identifier, message):
    with pytest.raises(DomainError) as caught:
        services.create_party(kind=kind, name="某某", identifier=identifier, legal_representative="李四")
    assert caught.value.field == "identifier" and message in caught.value.message


def test_identifier_is_unique_and_find_or_create_reuses():
    first = services.find_or_create_party(kind="org", name="甲公司", identifier=USCC, legal_representative="李四")
    again = services.find_or_create_party(kind="org", name="甲公司（新名）", identifier=USCC.lower(), legal_representative="李四")
    assert again.id == first.id and again.name == "甲公司"
    with pytest.raises(DomainError) as caught:
        services.create_party(kind="org", name="乙公司", identifier=USCC, legal_representative="王五")
    assert "已登记" in caught.value.message
    with pytest.raises(DomainError):
        services.find_or_create_party(kind="person", name="张三", identifier=USCC)


def test_org_needs_legal_representative_and_phone_format():
    with pytest.raises(DomainError) as caught:
        services.create_party(kind="org", name="甲公司", identifier=USCC)
    assert caught.value.field == "legal_representative"
    with pytest.raises(DomainError) as caught:
        services.create_party(kind="person", name="张三", identifier=ID, phone="12345")
    assert caught.value.field == "phone"


def test_stale_version_is_refused_and_nothing_changes():
    party = factories.party("person", name="张三")
    version = party.version
    services.update_party(party, version=version, name="张三丰")
    with pytest.raises(ConcurrentEdit):
        services.update_party(party, version=version, name="张无忌")
    assert party.name == "张三丰"


# --- pages ----------------------------------------------------------------------------------

def test_list_masks_identifiers_and_phones(client, login_as):
    login_as("window_clerk")
    factories.party("person", identifier=ID, name="张三", phone="13812345678")
    db.session.commit()
    body = client.get("/parties/").get_data(as_text=True)
    assert "110101********4477" in body and "138****5678" in body
    assert ID not in body and "13812345678" not in body


def test_active_search_by_name_returns_rows_fragment(client, login_as):
    login_as("approver")
    factories.party("org", name="天津甲科技有限公司")
    factories.party("org", name="天津乙商贸有限公司")
    db.session.commit()
    response = client.htmx("post", "/parties/", data={"q": "科技"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and "天津甲科技有限公司" in body and "乙商贸" not in body
    # issue 15: the pushed URL carries a token, never the name
    assert response.headers["HX-Push-Url"].startswith("/parties/?s=") and "%" not in response.headers["HX-Push-Url"]


def test_identifier_search_is_post_only_and_exact(client, login_as):
    login_as("supervisor")
    factories.party("person", identifier=ID, name="张三")
    db.session.commit()
    response = client.htmx("post", "/parties/search", data={"identifier": ID})
    body = response.get_data(as_text=True)
    assert "张三" in body and ID not in body
    assert "未找到" in client.htmx("post", "/parties/search", data={"identifier": "11010519491231002X"}).get_data(as_text=True)
    assert client.get("/parties/search").status_code == 405


def test_create_person_through_the_form(client, login_as):
    login_as("window_clerk")
    response = client.post("/parties/new", data={"kind": "person", "name": "张三", "identifier": ID, "phone": "13812345678"})
    assert response.status_code == 302
    party = db.session.scalar(select(Party).where(Party.identifier == ID))
    assert party.kind == PartyKind.PERSON and response.headers["Location"].endswith(f"/parties/{party.id}")


def test_bad_identifier_shown_next_to_field_with_input_kept(client, login_as):
    login_as("window_clerk")
    response = client.post("/parties/new", data={"kind": "person", "name": "张三", "identifier": "110101199003074478"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "身份证号码校验位不正确" in body and 'value="张三"' in body
    assert db.session.scalar(select(Party).where(Party.name == "张三")) is None


def test_edit_keeps_numbers_when_left_blank_and_detects_concurrent_edit(client, login_as):
    login_as("credit_officer")
    party = factories.party("org", identifier=USCC, name="甲公司", legal_representative="李四", phone="13812345678")
    db.session.commit()
    page = client.get(f"/parties/{party.id}/edit").get_data(as_text=True)
    assert USCC not in page and "13812345678" not in page and "913501********0Y43" in page
    assert ">统一社会信用代码<" in page
    old_version = party.version
    response = client.post(f"/parties/{party.id}/edit", data={
        "name": "甲公司（更名）", "legal_representative": "李四", "identifier": "", "phone": "",
        "address": "", "version": old_version})
    assert response.status_code == 302
    db.session.refresh(party)
    assert party.name == "甲公司（更名）" and party.identifier == USCC and party.phone == "13812345678"
    response = client.post(f"/parties/{party.id}/edit", data={
        "name": "别人的旧表单", "legal_representative": "李四", "version": old_version})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "已被他人修改" in body and "别人的旧表单" in body
    db.session.refresh(party)
    assert party.name == "甲公司（更名）"


def test_reveal_asks_for_reason_and_is_logged(client, login_as):
    user = login_as("approver")
    party = factories.party("person", identifier=ID, phone="13812345678")
    db.session.commit()
    form = client.htmx("get", f"/parties/{party.id}/reveal").get_data(as_text=True)
    assert "查看事由" in form and ID not in form
    refused = client.htmx("post", f"/parties/{party.id}/reveal", data={"reason": ""}).get_data(as_text=True)
    assert "请填写查看完整号码的事由" in refused and ID not in refused
    shown = client.htmx("post", f"/parties/{party.id}/reveal", data={"reason": "核对申请人身份"})
    body = shown.get_data(as_text=True)
    assert ID in body and "13812345678" in body and "<html" not in body
    entry = db.session.scalar(select(audit.AuditEntry).where(audit.AuditEntry.action == "party.reveal"))
    assert (entry.actor_id, entry.subject_id, entry.reason) == (user.id, party.id, "核对申请人身份")
    assert audit.verify_chain() is None


@pytest.mark.parametrize("role, view, edit, reveal", [
    ("approver", 200, 200, 200), ("credit_officer", 200, 200, 200), ("window_clerk", 200, 200, 200),
    ("supervisor", 200, 403, 200), ("admin", 200, 200, 403), ("hotline_agent", 403, 403, 403),
    ("auditor", 403, 403, 403),
])
def test_roles(client, login_as, role, view, edit, reveal):
    login_as(role)
    party = factories.party()
    db.session.commit()
    assert client.get(f"/parties/{party.id}").status_code == view
    assert client.get(f"/parties/{party.id}/edit").status_code == edit
    assert client.get(f"/parties/{party.id}/reveal").status_code == reveal


def test_unknown_party_is_404(client, login_as):
    login_as("approver")
    assert client.get("/parties/999999").status_code == 404


def test_demo_parties_are_valid_and_loading_twice_adds_nothing():
    from sqlalchemy import func

    from app.parties import demo

    demo.load()
    demo.load()
    assert db.session.scalar(select(func.count(Party.id))) == len(demo.ORGS) + len(demo.PERSONS)


def test_reveal_without_csrf_token_is_refused(client, login_as, csrf_enabled):
    login_as("approver")
    party = factories.party("person", identifier=ID)
    db.session.commit()
    response = client.htmx("post", f"/parties/{party.id}/reveal", data={"reason": "核对"})
    assert response.status_code == 400 and ID not in response.get_data(as_text=True)
    assert db.session.scalar(select(audit.AuditEntry).where(audit.AuditEntry.action == "party.reveal")) is None


def test_name_search_paginates_and_keeps_the_query(client, login_as):
    login_as("approver")
    for i in range(25):
        factories.party("org", name=f"分页测试公司{i:02d}")
    db.session.commit()
    searched = client.post("/parties/", data={"q": "分页测试"})
    assert searched.status_code == 302 and "%" not in searched.headers["Location"]
    body = client.get(searched.headers["Location"]).get_data(as_text=True)
    token = searched.headers["Location"].split("s=")[1]
    assert "第 1 / 2 页，共 25 条" in body and "page=2" in body and f"s={token}" in body
    assert "%E5%88%86" not in body  # the name is in no link
    second = client.htmx("get", f"/parties/?s={token}&page=2").get_data(as_text=True)
    assert "分页测试公司00" in second and "分页测试公司24" not in second
