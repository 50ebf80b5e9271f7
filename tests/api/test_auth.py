"""Signature, clock skew, replay, scopes, disabled partners, rate limit, body size, the call
log and the security events in the audit chain (issue 24 §1, §5; SEC)."""
import json

from sqlalchemy import select

from app.api.models import ApiCall
from app.api.services import partners
from app.api.signing import sign_request
from app.core import clock
from app.core.audit import AuditEntry
from app.extensions import db
from tests.api.helpers import call, partner

URL = "/api/v1/me"


def _audited(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_a_signed_request_is_served_and_logged(client):
    p, secret = partner()
    response = call(client, "GET", URL, p, secret)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["key_id"] == p.key_id
    logged = db.session.scalars(select(ApiCall).where(ApiCall.partner_id == p.id)).all()
    assert [(c.method, c.path, c.status) for c in logged] == [("GET", URL, 200)]


def test_the_query_is_signed_in_sorted_order(client):
    p, secret = partner()
    response = call(client, "GET", "/api/v1/feeds/blacklist?limit=5&since=", p, secret)
    assert response.status_code == 200, response.get_json()


def test_missing_headers_name_the_header(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.get_json() == {"error": "missing_credentials", "message": "缺少请求头 X-Api-Key。",
                                   "field": "X-Api-Key"}
    assert db.session.scalar(select(ApiCall).where(ApiCall.path == URL).order_by(ApiCall.id.desc())).status == 401


def test_a_wrong_signature_is_refused_and_audited(client):
    p, secret = partner()
    response = call(client, "GET", URL, p, "not-the-secret")
    assert response.status_code == 401
    assert response.get_json()["error"] == "bad_signature"
    assert any(e.subject_id == p.id and e.outcome == "denied" for e in _audited("api.bad_signature"))


def test_a_body_changed_after_signing_is_refused(client):
    p, secret = partner()
    headers = sign_request("POST", "/api/v1/bookings", key_id=p.key_id, secret=secret, body=b'{"a": 1}',
                           timestamp=int(clock.now().timestamp()))
    response = client.post("/api/v1/bookings", data=b'{"a": 2}', headers=headers, content_type="application/json")
    assert response.status_code == 401 and response.get_json()["error"] == "bad_signature"


def test_an_unknown_key_is_refused(client):
    p, secret = partner()
    headers = sign_request("GET", URL, key_id="nobody", secret=secret, timestamp=int(clock.now().timestamp()))
    response = client.get(URL, headers=headers)
    assert response.status_code == 401 and response.get_json()["error"] == "unknown_key"


def test_clock_skew_beyond_five_minutes_is_refused(client):
    p, secret = partner()
    now = int(clock.now().timestamp())
    assert call(client, "GET", URL, p, secret, timestamp=now - 299).status_code == 200
    for skewed in (now - 301, now + 301):
        response = call(client, "GET", URL, p, secret, timestamp=skewed)
        assert response.status_code == 401
        assert response.get_json()["field"] == "X-Api-Timestamp"
    headers = {**sign_request("GET", URL, key_id=p.key_id, secret=secret, timestamp=now), "X-Api-Timestamp": "12ab"}
    response = client.get(URL, headers=headers)
    assert response.status_code == 401 and response.get_json()["error"] == "bad_timestamp"


def test_the_same_nonce_twice_is_a_replay(client):
    p, secret = partner()
    assert call(client, "GET", URL, p, secret, nonce="nonce-0001").status_code == 200
    response = call(client, "GET", URL, p, secret, nonce="nonce-0001")
    assert response.status_code == 409
    assert response.get_json()["error"] == "replay" and response.get_json()["field"] == "X-Api-Nonce"
    assert any(e.subject_id == p.id for e in _audited("api.replay"))
    other, other_secret = partner()   # nonces are per partner
    assert call(client, "GET", URL, other, other_secret, nonce="nonce-0001").status_code == 200


def test_a_missing_scope_is_403_and_audited(client):
    p, secret = partner(scopes=("bookings:read",))
    response = call(client, "GET", "/api/v1/feeds/revocations", p, secret)
    assert response.status_code == 403
    assert response.get_json()["error"] == "scope_denied"
    assert any(e.subject_id == p.id for e in _audited("api.scope_denied"))


def test_a_disabled_partner_is_refused_and_a_rotated_secret_replaces_the_old(client):
    p, secret = partner()
    partners.set_active(p, False, version=p.version)
    db.session.flush()
    response = call(client, "GET", URL, p, secret)
    assert response.status_code == 403 and response.get_json()["error"] == "partner_disabled"
    partners.set_active(p, True, version=p.version)
    new_secret = partners.rotate(p, version=p.version)
    db.session.flush()
    assert call(client, "GET", URL, p, secret).status_code == 401
    assert call(client, "GET", URL, p, new_secret).status_code == 200
    assert _audited("api.partner_rotated") and _audited("api.partner_disabled")


def test_the_secret_is_not_stored(client):
    p, secret = partner()
    stored = json.dumps({c.key: str(getattr(p, c.key)) for c in p.__table__.columns})
    assert secret not in stored


def test_the_rate_limit_answers_429_with_retry_after(client):
    p, secret = partner(rate=3)
    statuses = [call(client, "GET", URL, p, secret).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = call(client, "GET", URL, p, secret)
    assert response.status_code == 429
    assert response.get_json()["error"] == "rate_limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 61


def test_a_ten_megabyte_body_is_413_json(client):
    p, secret = partner()
    body = b"x" * (10 * 1024 * 1024)
    response = call(client, "POST", "/api/v1/bookings", p, secret, raw=body)
    assert response.status_code == 413
    assert response.get_json()["error"] == "body_too_large"


def test_a_body_over_the_app_limit_is_413_json_too(client):
    response = client.post("/api/v1/bookings", data=b"x" * (21 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413 and response.get_json()["error"] == "body_too_large"


def test_unknown_paths_and_methods_answer_json(client):
    assert client.get("/api/v1/nothing-here").get_json()["error"] == "not_found"
    response = client.delete("/api/v1/bookings")
    assert response.status_code == 405 and response.get_json()["error"] == "method_not_allowed"
