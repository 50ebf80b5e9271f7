"""Helpers for the security tests: real sign-ins through the forms, TOTP codes at the frozen
clock."""
import pytest

from app.core import clock
from app.extensions import db
from tests import factories

PASSWORD = "Str0ng!Passw0rd-9"
SECRET = factories.TOTP_SECRET
code = factories.totp_code


def enrolled(*roles, **fields):
    user = factories.user(*roles, password=PASSWORD, totp_secret=SECRET, totp_enabled_at=clock.now(), **fields)
    db.session.commit()
    return user


@pytest.fixture
def sign_in(client):
    def _sign_in(username, password=PASSWORD, totp=None, on=None):
        on = on or client
        response = on.post("/accounts/login", data={"username": username, "password": password})
        if totp is not None:
            response = on.post("/accounts/second-factor", data={"code": totp})
        return response
    return _sign_in
