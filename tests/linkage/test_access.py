"""Every linkage route carries a role gate; the roles outside it are refused; the demo pages
render for each linkage role."""
import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.roles import ALL_ROLES
from app.core import clock
from app.extensions import db
from tests import factories


def _linkage_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("linkage.")]


def _url(rule):
    from flask import url_for

    sample = {"year": 2026, "action": "report", "week": "2026-11-23"}
    return url_for(rule.endpoint, **{name: sample.get(name, 1) for name in rule.arguments})


def test_every_linkage_route_has_a_gate(app):
    for rule in _linkage_rules(app):
        assert hasattr(app.view_functions[rule.endpoint], "allowed_roles"), rule.endpoint


@pytest.mark.parametrize("role", ALL_ROLES)
def test_roles_outside_the_gate_are_refused(app, client, login_as, role):
    login_as(role)
    for rule in _linkage_rules(app):
        allowed = app.view_functions[rule.endpoint].allowed_roles
        if allowed in ("public", "any") or role in allowed:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(_url(rule), method=method)
        assert response.status_code == 403, (role, rule.rule)


@pytest.mark.parametrize("username", ["demo_admin", "demo_coordinator", "demo_leader", "demo_lnk_jtw_jg"])
def test_demo_pages_render_for_each_linkage_role(app, client, username):
    from app.demo import loader

    loader.load_all(app)
    user = db.session.scalar(select(User).where(User.username == username))
    user.set_password("Demo#Passw0rd-x")
    user.must_change_password = False
    factories.enrol_second_factor(user)  # demo_admin must sign in with a second factor
    db.session.commit()
    assert client.post("/accounts/login", data={"username": username, "password": "Demo#Passw0rd-x"}).status_code == 302
    assert client.post("/accounts/second-factor", data={"code": factories.totp_code()}).status_code == 302
    year = clock.today().year
    for url in ["/", "/linkage/", "/linkage/weekly", "/linkage/coordinators", "/linkage/meetings",
                f"/linkage/assessment?year={year}", "/linkage/coordinators/public"]:
        response = client.get(url)
        assert response.status_code == 200, (username, url)
