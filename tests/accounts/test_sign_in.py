"""SEC-1: lockout, idle timeout, session ending, expiry, first sign-in change."""
from sqlalchemy import select

from app.core import audit, clock
from app.extensions import db
from tests import factories

PASSWORD = "Str0ng!Passw0rd"
NEW_PASSWORD = "Neu#Kennwort-2026"


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login", data={"username": username, "password": password})


def audit_actions(action):
    return db.session.scalars(select(audit.AuditEntry).where(audit.AuditEntry.action == action)).all()


def make_user(**fields):
    fields.setdefault("username", "lisi")
    user = factories.user("approver", password=PASSWORD, **fields)
    db.session.commit()
    return user


def test_five_failures_lock_the_account_for_15_minutes(client):
    user = make_user()
    for _ in range(5):
        assert "账号或密码错误" in sign_in(client, "lisi", "wrong").get_data(as_text=True)
    response = sign_in(client, "lisi")  # right password, but locked
    assert response.status_code == 200  # the same words as a wrong password (ASVS 2.2.1)
    assert "账号或密码错误" in response.get_data(as_text=True)
    assert audit_actions("sign_in")[-1].reason == "账号已锁定"
    assert len(audit_actions("account_locked")) == 1
    db.session.refresh(user)
    assert user.locked_until is not None

    clock.advance(minutes=14)
    assert "账号或密码错误" in sign_in(client, "lisi").get_data(as_text=True)
    clock.advance(minutes=2)
    response = sign_in(client, "lisi")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_success_resets_the_failure_count(client):
    make_user()
    for _ in range(4):
        sign_in(client, "lisi", "wrong")
    assert sign_in(client, "lisi").status_code == 302
    client.post("/accounts/logout")
    for _ in range(4):
        sign_in(client, "lisi", "wrong")
    assert sign_in(client, "lisi").status_code == 302


def test_idle_timeout_after_30_minutes(client):
    make_user()
    sign_in(client, "lisi")
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200  # activity refreshes the clock
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]
    assert client.get("/").status_code == 302  # the session is gone for good
    assert [e.outcome for e in audit_actions("session_timeout")] == ["success"]


def test_idle_timeout_on_htmx_request_redirects_the_whole_page(client):
    make_user()
    sign_in(client, "lisi")
    clock.advance(minutes=31)
    response = client.htmx("get", "/")
    assert response.headers["HX-Redirect"].startswith("/accounts/login")


def test_sign_in_starts_a_new_session(client):
    make_user()
    with client.session_transaction() as s:
        s["planted"] = "by an attacker"
    sign_in(client, "lisi")
    with client.session_transaction() as s:
        assert "planted" not in s


def test_sign_out_ends_other_sessions(app):
    make_user()
    first, second = app.test_client(), app.test_client()
    sign_in(first, "lisi")
    sign_in(second, "lisi")
    assert second.get("/").status_code == 200
    first.post("/accounts/logout")
    assert first.get("/").status_code == 302
    assert second.get("/").status_code == 302
    assert audit_actions("sign_out")


def test_password_change_ends_other_sessions_but_keeps_this_one(app):
    make_user()
    first, second = app.test_client(), app.test_client()
    sign_in(first, "lisi")
    sign_in(second, "lisi")
    response = first.post("/accounts/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302
    first.post("/accounts/logout")
    assert sign_in(first, "lisi", NEW_PASSWORD).status_code == 302
    assert [e.outcome for e in audit_actions("password_change")] == ["success"]


def test_password_change_refuses_weak_and_wrong_current(client):
    make_user()
    sign_in(client, "lisi")
    page = client.post("/accounts/password", data={
        "current_password": PASSWORD, "new_password": "Abc123456", "confirm_password": "Abc123456"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "常见弱密码" in text
    page = client.post("/accounts/password", data={
        "current_password": "nope", "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert "原密码不正确" in page.get_data(as_text=True)
    assert [e.outcome for e in audit_actions("password_change")] == ["failure"]


def test_first_sign_in_forces_a_password_change(client):
    make_user(must_change_password=True)
    sign_in(client, "lisi")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/accounts/password")
    page = client.get("/accounts/password").get_data(as_text=True)
    assert "首次登录" in page
    client.post("/accounts/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert client.get("/").status_code == 200


def test_password_expires_after_90_days(client):
    make_user()
    clock.advance(days=89)
    sign_in(client, "lisi")
    assert client.get("/").status_code == 200
    clock.advance(days=2)
    sign_in(client, "lisi")
    response = client.get("/")
    assert response.headers["Location"].endswith("/accounts/password")
    assert "90天未修改" in client.get("/accounts/password").get_data(as_text=True)


def test_login_route_is_rate_limited(app):
    """The shared test app runs without the limiter; a second app with it switched on."""
    from app import create_app
    from app.extensions import limiter

    limited = create_app({**{k: app.config[k] for k in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "INSTANCE_DIR")},
                          "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                          "RATELIMIT_STORAGE_URI": "memory://", "EMBEDDED_JOBS": False, "JOBS_SYNC": True})
    try:
        client = limited.test_client()
        with limited.app_context():
            responses = [sign_in(client, "nobody", "x") for _ in range(11)]
            other_account = sign_in(client, "somebody", "x")
            page = client.get("/accounts/login")
    finally:
        limiter.enabled = False
    assert [r.status_code for r in responses[:10]] == [200] * 10
    assert responses[10].status_code == 429
    assert "请求过于频繁" in responses[10].get_data(as_text=True)
    assert other_account.status_code == 200  # the limit is per account and address
    assert page.status_code == 200  # GET is not limited


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client):
    make_user()
    response = client.get("/accounts/admin/users")
    assert response.headers["Location"] == "/accounts/login?next=/accounts/admin/users"
    response = client.post("/accounts/login?next=/accounts/password", data={"username": "lisi", "password": PASSWORD})
    assert response.headers["Location"] == "/accounts/password"
    client.post("/accounts/logout")
    response = client.post("/accounts/login?next=//evil.example/x", data={"username": "lisi", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_a_disabled_office_signs_its_staff_out_and_keeps_them_out(client):
    user = make_user()
    assert sign_in(client, "lisi").status_code == 302
    assert client.get("/").status_code == 200
    user.office.active = False
    db.session.commit()
    assert client.get("/").status_code == 302  # the open session ends with the office
    page = sign_in(client, "lisi").get_data(as_text=True)
    assert "您所在的单位已停用" in page
    assert audit_actions("sign_in")[-1].reason == "所在单位已停用"
