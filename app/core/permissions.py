"""Role gates for routes. Scope (which rows a user may touch) is checked by can_<action>()
methods on the models and by the services; a route needs both."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


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
