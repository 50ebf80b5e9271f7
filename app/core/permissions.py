"""Role gates for routes. Scope (which rows a user may touch) is checked by can_<action>()
methods on the models and by the services; a route needs both."""
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, flash, g, request, url_for
from flask_login import current_user, login_required

from . import htmx
from .redirects import safe_next


def roles_required(*roles: str):
    """Allow signed-in users holding any of `roles`; others get 403.

    The allowed set is recorded on the view (`view.allowed_roles`) so that the access-matrix
    test can walk every route."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_any_role(roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


def signed_in(view):
    """Any signed-in user (e.g. the home page, own notifications)."""
    wrapped = login_required(view)
    wrapped.allowed_roles = "any"
    return wrapped


def public(view):
    """Reachable without signing in (sign-in page, static)."""
    view.allowed_roles = "public"
    return view


def reauth_required(view):
    """Sensitive acts (reveal of an ID number, role change, another user's password reset) need
    the password — and the second factor when enrolled — given in the last REAUTH_SECONDS
    (issue 15 §1, ASVS 4.3.3). The accounts module judges it per request into
    `g.reauth_fresh`; otherwise the user is sent to re-authenticate and comes back."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not g.get("reauth_fresh"):
            if request.method == "GET":
                back = request.full_path.rstrip("?")
            else:
                page = urlsplit(request.headers.get("HX-Current-URL") or request.referrer or "")
                back = page.path + (f"?{page.query}" if page.query else "")
            flash("该操作涉及敏感信息或权限，请再次验证身份。", "warning")
            return htmx.redirect(url_for("accounts.reauth", next=safe_next(back)))
        return view(*args, **kwargs)

    wrapped.allowed_roles = getattr(view, "allowed_roles", None)
    return wrapped
