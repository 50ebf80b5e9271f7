"""/healthz, /readyz and /metrics (issue 23 §3). No account: probes and Prometheus have none.
/metrics is refused (403) unless the caller presents METRICS_TOKEN as a bearer token or comes
from a network in METRICS_ALLOW; nginx also keeps /metrics off the public site."""
import hmac
import ipaddress

from flask import Blueprint, abort, current_app, jsonify, request

from ..core.permissions import public
from . import health, metrics

bp = Blueprint("ops", __name__)


@bp.route("/healthz")
@public
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
@public
def readyz():
    ready, checks = health.readiness()
    return jsonify(status="ok" if ready else "not ready", checks=checks), 200 if ready else 503


def metrics_allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    networks = [part.strip() for part in (current_app.config.get("METRICS_ALLOW") or "").split(",") if part.strip()]
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)


@bp.route("/metrics")
@public
def metrics_page():
    if not metrics_allowed():
        abort(403)
    return metrics.scrape(), 200, {"Content-Type": metrics.CONTENT_TYPE}
