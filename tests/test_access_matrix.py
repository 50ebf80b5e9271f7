"""The access matrix (SEC-2): every route of app.url_map × every role.

Each view carries `allowed_roles` (set by @roles_required / @signed_in / @public). For every
role, each route and method is requested: an allowed role must not be refused (no 403, no
redirect to sign-in, no 500); any other role gets 403; anonymous users are sent to sign-in.
URL parameters are filled with ids that do not exist, so allowed roles normally get 404 — which
is why the role gate has to run before the object is loaded. Routes added by later modules
are covered automatically.
"""
import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from app.accounts.roles import ALL_ROLES
from app.extensions import db
from tests import factories

MISSING_ID = 987654321
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def _value_for(rule, name):
    converter = rule._converters.get(name)
    kind = type(converter).__name__ if converter else "UnicodeConverter"
    if isinstance(converter, IntegerConverter):  # app.core.inputs.BoundedIntConverter too
        return MISSING_ID
    if kind == "FloatConverter":
        return float(MISSING_ID)
    if kind == "UUIDConverter":
        return "00000000-0000-0000-0000-000000000000"
    if kind == "AnyConverter":
        return converter.items[0] if hasattr(converter, "items") else "x"
    return f"no-such-{name}"


def routes(app):
    """(rule, method, url, allowed_roles) for every non-static route."""
    result = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
                continue
            values = {name: _value_for(rule, name) for name in rule.arguments}
            url = url_for(rule.endpoint, **values, _external=False)
            view = app.view_functions[rule.endpoint]
            for method in sorted((rule.methods or set()) - SKIPPED_METHODS):
                result.append((rule, method, url, getattr(view, "allowed_roles", None)))
    return result


def _is_login_redirect(response, with_next: bool = False) -> bool:
    """Sent to the sign-in page. A signed-in user is only refused when sent there with `next`
    (signing out legitimately ends on the sign-in page)."""
    if response.status_code == 401:
        return True
    location = response.headers.get("Location", "") or response.headers.get("HX-Redirect", "")
    return (response.status_code in (302, 303, 204) and location.startswith("/accounts/login")
            and (not with_next or "next=" in location))


def test_every_route_carries_exactly_one_role_gate(app):
    missing = [f"{rule.endpoint} {method}" for rule, method, _, allowed in routes(app) if allowed is None]
    assert not missing, "路由缺少 @roles_required / @signed_in / @public：" + ", ".join(missing)
    for rule, _, _, allowed in routes(app):
        assert allowed in ("public", "any", "partner") or (allowed and set(allowed) <= set(ALL_ROLES)), rule.endpoint


def _sign_in(client, user):
    db.session.refresh(user)  # a sign-out in an earlier request bumps the epoch
    with client.session_transaction() as session:
        session.clear()
        factories.signed_in_session(session, user)


def _expected_allowed(allowed, role) -> bool:
    if allowed == "public":
        return True
    if role is None:
        return False
    return allowed == "any" or role in allowed


@pytest.mark.parametrize("role", [None, *ALL_ROLES], ids=["anonymous", *ALL_ROLES])
def test_access_matrix(app, client, login_as, role):
    user = login_as(role) if role else None
    failures = []
    for rule, method, url, allowed in routes(app):
        if user is not None:
            _sign_in(client, user)
        else:
            with client.session_transaction() as session:
                session.clear()
        response = client.open(url, method=method, data={})
        status = response.status_code
        where = f"{method} {url} ({rule.endpoint}, allowed={allowed if isinstance(allowed, str) else sorted(allowed or [])}): {status}"
        if allowed is None:
            failures.append("缺少角色门 " + where)
        elif status >= 500:
            failures.append("服务器错误 " + where)
        elif allowed == "partner":  # the API (issue 24): a signed partner request only, never a session
            if status != 401:
                failures.append("接口未要求签名 " + where)
        elif _expected_allowed(allowed, role):
            if status == 403 or _is_login_redirect(response, with_next=True):
                failures.append("应允许却被拒绝 " + where)
        elif role is None:
            if not _is_login_redirect(response):
                failures.append("匿名访问未转到登录页 " + where)
        elif status != 403:
            failures.append("应返回403 " + where)
    assert not failures, "\n".join(failures)
