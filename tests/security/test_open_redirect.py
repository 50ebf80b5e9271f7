"""Issue item 3 (ASVS 5.1.5): `next` never leaves the site, however it is encoded."""
import pytest

from app.core.redirects import safe_next
from app.extensions import db
from tests import factories

PASSWORD = "Str0ng!Passw0rd-9"

HOSTILE = [
    "%2F%09%2Fevil.example",  # the reported one: decodes to "/\t/evil.example"
    "/\t/evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "/%252F%252Fevil.example",  # encoded twice
    "https://evil.example/",
    "javascript:alert(1)",
    "/x\r\nSet-Cookie: a=b",
    "/x%0d%0aSet-Cookie:%20a=b",
    "evil.example",
    " /x",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_refused(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/", "/credit/?q=%E5%BC%A0", "/accounts/password", "/a/b?c=1&d=%20e"])
def test_same_site_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_goes_home_for_every_hostile_next(client, target):
    factories.user("approver", username="redir", password=PASSWORD)
    db.session.commit()
    response = client.post("/accounts/login", query_string={"next": target},
                           data={"username": "redir", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
