"""The public site on its own host: create_app(public_only=True) (public_wsgi.py) answers the
public pages and their static files and a plain 404 for every intranet route."""
import pytest

from app import create_app
from app.hotline_followup.services import requester
from tests.hotline_followup.conftest import FollowupWorld
from tests.test_access_matrix import routes


@pytest.fixture(scope="module")
def public_app(app):
    public = create_app({**app.config, "INSTANCE_DIR": app.config["INSTANCE_DIR"]}, public_only=True)
    public.test_client_class = app.test_client_class
    return public


def _public(url: str) -> bool:
    return url == "/healthz" or url.startswith(("/rexian/", "/yuyue/", "/jinban/", "/fankui/", "/pingjia/"))


def test_every_intranet_route_is_404_and_the_public_pages_answer(public_app, app):
    client = public_app.test_client()
    intranet = [(method, url) for rule, method, url, _ in routes(public_app) if not _public(url)]
    assert len(intranet) > 200  # the whole intranet is still built, just not reachable
    wrong = [f"{method} {url}: {status}" for method, url in intranet
             if (status := client.open(url, method=method, data={}).status_code) != 404]
    assert not wrong, "\n".join(wrong)
    for url in ("/", "/accounts/login", "/hotline/", "/documents/", "/review-pad/x", "/audit/"):
        assert client.get(url).status_code == 404
    for url in ("/yuyue/", "/jinban/", "/fankui/", "/healthz", "/static/css/app.css"):
        assert client.get(url).status_code == 200, url


def test_the_requester_page_works_on_the_public_host(public_app, app):
    order = FollowupWorld().completed()
    url, number = requester.link_path(order), order.number
    page = public_app.test_client().get(url)
    assert page.status_code == 200 and number in page.text
    assert "退出" not in page.text and "/hotline/" not in page.text  # no staff navigation
