"""`flask demo load` builds the demo organisation and every module's demo data; `flask demo
accounts` prints working one-time sign-ins only in demo mode."""
from sqlalchemy import func, select

from app.accounts.models import Office, User
from app.accounts.roles import ALL_ROLES
from app.extensions import db


def test_demo_load_creates_offices_and_one_user_per_role(app):
    result = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "演示数据已载入" in result.output
    assert db.session.scalar(select(func.count(Office.id))) >= 20
    roles = {role for user in db.session.scalars(select(User)) for role in user.roles}
    assert roles >= set(ALL_ROLES)

    again = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert "跳过" in again.output


def test_demo_accounts_refused_outside_demo_mode(app):
    app.test_cli_runner().invoke(args=["demo", "load"])
    result = app.test_cli_runner().invoke(args=["demo", "accounts"])
    assert result.exit_code != 0
    assert "演示模式" in result.output


def _demo_accounts(app):
    """`flask demo load`, then `flask demo accounts` in demo mode."""
    app.test_cli_runner().invoke(args=["demo", "load"])
    app.config["DEMO_MODE"] = True
    try:
        return app.test_cli_runner().invoke(args=["demo", "accounts"])
    finally:
        app.config["DEMO_MODE"] = False


def test_demo_accounts_prints_passwords_that_sign_in(app, client):
    result = _demo_accounts(app)
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if l.strip().startswith("demo_approver"))
    password = line.split()[1]
    response = client.post("/accounts/login", data={"username": "demo_approver", "password": password})
    assert response.status_code == 302
    assert "/login" not in response.headers["Location"]


def test_demo_admin_signs_in_with_the_printed_totp_secret(app, client):
    """Issue 15 §1: a demo role that requires the second factor gets a printed TOTP secret
    and signs in through the same second-factor step as in production."""
    import re

    import pyotp

    from app.core import clock

    result = _demo_accounts(app)
    lines = result.output.splitlines()
    at = next(i for i, l in enumerate(lines) if l.strip().startswith("demo_admin"))
    password, secret = lines[at].split()[1], re.search(r"[A-Z2-7]{32}", lines[at + 1]).group(0)
    response = client.post("/accounts/login", data={"username": "demo_admin", "password": password})
    assert "/accounts/second-factor" in response.headers["Location"]
    assert client.get("/").headers["Location"].startswith("/accounts/second-factor")
    response = client.post("/accounts/second-factor", data={"code": pyotp.TOTP(secret).at(clock.now())})
    assert response.status_code == 302 and client.get("/").status_code == 200
