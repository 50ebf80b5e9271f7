"""Issue 15 §13: behind the proxy. The client IP (audit log, rate limits) comes through
ProxyFix with a configured hop count and is never taken from a header when there is no proxy;
HSTS and the __Host- session cookie when HTTPS is on; no-store on pages and downloads; the
download of a merged print batch is audited."""
import pytest
from flask import Flask, request
from flask_limiter.util import get_remote_address
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

from app import config
from app.core import clock, web
from app.core.audit import AuditEntry
from app.documents.models import BatchState, PrintBatch
from app.extensions import db, limiter

FORWARDED = {"X-Forwarded-For": "203.0.113.7, 10.0.0.5", "X-Forwarded-Proto": "https, https"}


def _probe(hops: int):
    app = Flask(__name__)
    app.config["PROXY_FIX_HOPS"] = hops
    web.init_proxy(app)

    @app.route("/ip")
    def ip():
        return f"{request.remote_addr} {request.scheme}"

    return app.test_client()


def test_without_a_proxy_forwarded_headers_are_ignored():
    assert config.Config.PROXY_FIX_HOPS == 0
    assert _probe(0).get("/ip", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.9"}).text == "10.0.0.9 http"


@pytest.mark.parametrize("hops, expected", [(1, "10.0.0.5 https"), (2, "203.0.113.7 https")])
def test_the_configured_hop_count_picks_the_client_address(hops, expected):
    response = _probe(hops).get("/ip", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.text == expected


def test_proxy_fix_hops_from_the_environment(monkeypatch):
    monkeypatch.setenv("PROXY_FIX_HOPS", "1")
    import importlib

    reloaded = importlib.reload(config)
    try:
        assert reloaded.Config.PROXY_FIX_HOPS == 1
    finally:
        monkeypatch.delenv("PROXY_FIX_HOPS")
        importlib.reload(config)


@pytest.fixture
def behind_one_proxy(app):
    original = app.wsgi_app
    app.wsgi_app = ProxyFix(original, x_for=1, x_proto=1)
    yield
    app.wsgi_app = original


def test_audit_log_and_rate_limits_use_the_forwarded_client_ip(app, client, behind_one_proxy):
    client.post("/accounts/login", data={"username": "nobody", "password": "x" * 12},
                headers={"X-Forwarded-For": "198.51.100.23"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.ip == "198.51.100.23"
    # Flask-Limiter keys on request.remote_addr, which ProxyFix has set to the client's.
    assert limiter._key_func is get_remote_address


def test_https_settings_give_hsts_and_a_host_prefixed_secure_cookie(app, client, login_as):
    values = config.load({"HTTPS": True, "SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert values["SESSION_COOKIE_NAME"] == "__Host-session"
    assert values["SESSION_COOKIE_SECURE"] and values["PREFERRED_URL_SCHEME"] == "https"
    saved = {k: app.config[k] for k in ("HTTPS", "SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE")}
    app.config.update(HTTPS=True, SESSION_COOKIE_NAME="__Host-session", SESSION_COOKIE_SECURE=True)
    try:
        response = client.get("/accounts/login")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        cookie = response.headers.get("Set-Cookie", "")
        assert cookie.startswith("__Host-session=") and "Secure" in cookie and "Path=/" in cookie
        assert "Domain" not in cookie
    finally:
        app.config.update(saved)
    assert "Strict-Transport-Security" not in client.get("/accounts/login").headers


def test_pages_and_downloads_are_not_cached(client, login_as):
    login_as("approver")
    for url in ("/", "/catalog/", "/commitment/export.xlsx"):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_batch_download_is_audited_and_not_cached(client, login_as):
    user = login_as("approver")
    batch = PrintBatch(office_id=user.office_id, requested_by_id=user.id, document_ids=[1, 2], total=2,
                       done=2, state=BatchState.DONE, content=b"%PDF-1.7 merged", created_at=clock.now())
    db.session.add(batch)
    db.session.commit()
    response = client.get(f"/documents/batches/{batch.id}/download")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "document.batch_download")).one()
    assert entry.subject_id == batch.id and entry.actor_id == user.id
    assert entry.after == {"documents": [1, 2]}
