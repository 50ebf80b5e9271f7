"""The staff pages: the security admin creates a partner (secret shown once, not stored, not
cached), edits, rotates and disables it; the auditor reads the call log, filtered."""
import re

from sqlalchemy import select

from app.api.models import ApiCall, ApiPartner
from app.core.audit import AuditEntry
from app.extensions import db
from tests.api.helpers import call, partner


def _secret(response) -> str:
    return re.search(r'id="api-secret">([0-9a-f]{64})<', response.get_data(as_text=True)).group(1)


def test_create_shows_the_secret_once_and_it_signs(client, login_as):
    login_as("security_admin")
    response = client.post("/api-admin/partners/new", data={
        "key_id": "wsbsdt-test", "name": "网上办事大厅（测试）", "scopes": ["bookings:read", "feeds:read"],
        "rate_per_minute": "60"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    secret = _secret(response)
    p = db.session.scalar(select(ApiPartner).where(ApiPartner.key_id == "wsbsdt-test"))
    assert p.scopes == ["bookings:read", "feeds:read"] and p.rate_per_minute == 60
    assert call(client, "GET", "/api/v1/me", p, secret).status_code == 200
    listing = client.get("/api-admin/partners").get_data(as_text=True)
    assert "wsbsdt-test" in listing and secret not in listing
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "api.partner_created",
                                                      AuditEntry.subject_id == p.id))


def test_bad_input_stays_with_the_field(client, login_as):
    login_as("security_admin")
    partner(key_id="taken-id")
    for data, words in (({"key_id": "Bad Id!", "name": "甲", "rate_per_minute": "5"}, "接入标识须为"),
                        ({"key_id": "taken-id", "name": "甲", "rate_per_minute": "5"}, "已存在"),
                        ({"key_id": "ok-id", "name": "", "rate_per_minute": "5"}, "请填写接入系统名称"),
                        ({"key_id": "ok-id", "name": "甲", "rate_per_minute": "0"}, "每分钟")):
        response = client.post("/api-admin/partners/new", data=data)
        assert response.status_code == 200 and words in response.get_data(as_text=True)
    assert db.session.scalar(select(ApiPartner).where(ApiPartner.key_id == "ok-id")) is None


def test_edit_rotate_disable(client, login_as):
    login_as("security_admin")
    p, old = partner()
    response = client.post(f"/api-admin/partners/{p.id}", data={
        "name": "改名", "scopes": ["feeds:read"], "rate_per_minute": "100", "version": p.version})
    assert response.status_code == 302
    db.session.refresh(p)
    assert (p.name, p.scopes, p.rate_per_minute) == ("改名", ["feeds:read"], 100)
    stale = client.post(f"/api-admin/partners/{p.id}", data={
        "name": "再改", "scopes": [], "rate_per_minute": "100", "version": p.version - 1})
    assert "已被他人修改" in stale.get_data(as_text=True)
    new = _secret(client.post(f"/api-admin/partners/{p.id}/rotate", data={"version": p.version}))
    db.session.refresh(p)
    assert new != old and call(client, "GET", "/api/v1/me", p, old).status_code == 401
    client.post(f"/api-admin/partners/{p.id}/active", data={"version": p.version, "active": "0"})
    db.session.refresh(p)
    assert not p.active and call(client, "GET", "/api/v1/me", p, new).status_code == 403


def test_the_auditor_reads_the_call_log_filtered(client, login_as):
    p, secret = partner(name="日志测试系统")
    call(client, "GET", "/api/v1/me", p, secret)
    call(client, "GET", "/api/v1/me", p, "wrong")
    login_as("auditor")
    page = client.get(f"/api-admin/calls?partner={p.id}").get_data(as_text=True)
    assert page.count("/api/v1/me") == 2 and "bad_signature" in page
    refused = client.get(f"/api-admin/calls?partner={p.id}&status=401").get_data(as_text=True)
    assert refused.count("/api/v1/me") == 1
    assert db.session.scalar(select(ApiCall).where(ApiCall.partner_id == p.id, ApiCall.status == 401))


def test_the_docs_page_lists_every_endpoint(client):
    page = client.get("/api/docs").get_data(as_text=True)
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    rules = [r for r in client.application.url_map.iter_rules() if r.endpoint.startswith("api.")]
    assert len(rules) == sum(len(m) for m in document["paths"].values())
    for path in document["paths"]:
        assert path in page
    assert "<script" not in page.split("</main>")[0].split("<main")[1]
