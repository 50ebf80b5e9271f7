"""A form sent after the idle timeout is not thrown away: the user is sent to sign in with
`next` = the page of the form (the page's script keeps the text), then back to that page."""
from urllib.parse import parse_qs, urlsplit

from app.core import clock
from app.extensions import db
from tests import factories

PASSWORD = "Str0ng!Passw0rd"


def _signed_in(client):
    user = factories.user("window_clerk", password=PASSWORD, username="wangwu")
    db.session.commit()
    assert client.post("/accounts/login", data={"username": "wangwu", "password": PASSWORD}).status_code == 302
    return user


def _next(response):
    return parse_qs(urlsplit(response.headers.get("Location") or response.headers["HX-Redirect"]).query)["next"][0]


def test_post_after_the_idle_timeout_returns_to_the_form_page(client):
    _signed_in(client)
    clock.advance(minutes=31)
    response = client.post("/parties/new", data={"kind": "person", "name": "张三丰"},
                           headers={"Referer": "http://localhost/parties/new?kind=person"})
    assert response.status_code == 302
    assert _next(response) == "/parties/new?kind=person"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已自动退出" in page and "您填写的内容已保留" in page
    response = client.post(f"/accounts/login?next=/parties/new%3Fkind%3Dperson",
                           data={"username": "wangwu", "password": PASSWORD})
    assert response.headers["Location"].endswith("/parties/new?kind=person")


def test_htmx_post_after_the_timeout_returns_to_the_current_page(client):
    _signed_in(client)
    clock.advance(minutes=31)
    response = client.htmx("post", "/parties/new", data={"name": "x"},
                           headers={"HX-Current-URL": "http://localhost/parties/new"})
    assert _next(response) == "/parties/new"


def test_a_foreign_referrer_is_not_a_next(client):
    _signed_in(client)
    clock.advance(minutes=31)
    response = client.post("/parties/new", data={}, headers={"Referer": "http://evil.example/parties/new"})
    assert "next" not in parse_qs(urlsplit(response.headers["Location"]).query)


def test_form_sent_once_the_session_cookie_is_gone_goes_to_sign_in(client, csrf_enabled):
    response = client.post("/parties/new", data={"name": "张三丰", "csrf_token": "stale"},
                           headers={"Referer": "http://localhost/parties/new"})
    assert response.status_code == 302 and _next(response) == "/parties/new"
    assert "您填写的内容已保留" in client.get(response.headers["Location"]).get_data(as_text=True)
