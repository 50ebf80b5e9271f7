"""Issue item 2 (ASVS 3.3.1, 3.3.2, 3.3.4; 等保 8.1.4.1 c): server-side idle timeout that
background polling does not reset, absolute lifetime, 我的会话 with end buttons, a limit of
concurrent sessions."""
from sqlalchemy import select

from app.accounts import sessions
from app.accounts.models import UserSession
from app.core import clock
from app.extensions import db
from tests import factories
from tests.security.conftest import PASSWORD


def _user(username="sess1"):
    user = factories.user("approver", username=username, password=PASSWORD)
    db.session.commit()
    return user


def test_the_bell_poll_does_not_keep_a_session_alive(client, sign_in):
    _user()
    sign_in("sess1")
    for _ in range(31):  # the bell polls every 60 s for 31 minutes
        clock.advance(minutes=1)
        assert client.htmx("get", "/notifications/bell", headers={"X-Background-Poll": "1"}).status_code in (200, 204)
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]


def test_activity_keeps_it_alive_and_the_lifetime_ends_it(client, sign_in, app):
    _user()
    sign_in("sess1")
    for _ in range(24):  # 12 hours of work, a click every 30 minutes less a minute
        clock.advance(minutes=29)
        assert client.get("/").status_code == 200
    clock.advance(minutes=29)  # 12 h 25 min after signing in
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]
    assert "最长会话时间" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert app.config["SESSION_LIFETIME_SECONDS"] == 12 * 3600 and app.config["IDLE_TIMEOUT_SECONDS"] == 1800


def test_my_sessions_lists_and_ends_another_session(app, client, sign_in):
    user = _user()
    laptop = app.test_client()
    sign_in("sess1", on=laptop)
    sign_in("sess1")
    page = client.get("/accounts/sessions").get_data(as_text=True)
    assert page.count("结束</button>") == 2 and "本会话" in page
    other = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                               .order_by(UserSession.id)).first()
    client.post(f"/accounts/sessions/{other.id}/end")
    assert laptop.get("/").headers["Location"].startswith("/accounts/login")
    assert client.get("/").status_code == 200
    stranger = factories.user("approver")
    db.session.commit()
    theirs, _ = sessions.open_session(stranger)
    db.session.commit()
    assert client.post(f"/accounts/sessions/{theirs.id}/end").status_code == 403


def test_concurrent_sessions_are_limited(app, sign_in):
    _user()
    app.config["MAX_SESSIONS_PER_USER"] = 2
    try:
        browsers = [app.test_client() for _ in range(3)]
        for b in browsers:
            sign_in("sess1", on=b)
        assert browsers[0].get("/").headers["Location"].startswith("/accounts/login")
        assert browsers[1].get("/").status_code == 200 and browsers[2].get("/").status_code == 200
    finally:
        app.config["MAX_SESSIONS_PER_USER"] = 3


def test_a_cookie_without_a_server_side_record_is_not_a_session(client):
    user = _user()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()  # what a signed cookie from before held
        session["_fresh"] = True
    assert client.get("/").headers["Location"].startswith("/accounts/login")


def test_a_background_request_does_not_overwrite_the_message_of_an_action(client, sign_in):
    """A debounced HTMX check sent with the cookie from before an action answers after it: it must
    not write that older cookie back, or the action's “已保存” message is lost."""
    _user()
    sign_in("sess1")
    client.get("/")
    response = client.htmx("get", "/notifications/bell", headers={"X-Background-Poll": "1"})
    assert response.status_code in (200, 204)
    assert "Set-Cookie" not in response.headers
