"""The public site on its own host (PUB; issue 17): `create_app(public_only=True)` — see
public_wsgi.py — answers only the requester-facing pages and their static files; every
intranet route is a plain 404 there, before sign-in, session or menu code runs. The public
blueprints keep their own templates (no staff navigation) and rate limits."""
from flask import Flask, abort, request

# The URL prefixes of the public pages: the hotline requester's page, appointments (预约),
# 就近办, 投诉建议咨询 and 好差评 (the hall's paired rating pads are not public).
PUBLIC_PREFIXES = ("/rexian/", "/yuyue/", "/jinban/", "/fankui/", "/pingjia/")
HEALTH = ("/healthz",)  # the load balancer's liveness check


def is_public_path(path: str, endpoint: str | None) -> bool:
    if endpoint is None:
        return False
    if endpoint == "static" or endpoint.endswith(".static"):
        return True
    return path in HEALTH or any(path.startswith(p) or path == p.rstrip("/") for p in PUBLIC_PREFIXES)


def restrict(app: Flask) -> None:
    """Put the gate first among the app's before-request hooks."""
    app.config["PUBLIC_ONLY"] = True

    def public_only_gate():
        if not is_public_path(request.path, request.endpoint):
            abort(404)

    app.before_request_funcs.setdefault(None, []).insert(0, public_only_gate)
