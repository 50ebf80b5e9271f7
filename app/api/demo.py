"""Demo partners: the 网上办事大厅 (bookings, feeds) and the city 12345 platform (feeds; the
work-order exchange adds its scope), with a few calls in the log. `flask demo accounts` gives
each a new secret and prints it, as it prints the demo users' passwords."""
from datetime import timedelta

from sqlalchemy import select

from ..core import clock
from ..extensions import db
from .models import SCOPES, ApiCall, ApiPartner
from .services import partners

DEMO_PARTNERS = (
    ("wsbsdt", "天津网上办事大厅", ("bookings:write", "bookings:read", "feeds:read"), 600),
    ("tj12345", "天津市12345政务服务便民热线平台", ("feeds:read",), 1200),
)
# (minutes ago, partner, method, path, status, error, latency ms)
DEMO_CALLS = (
    (95, "wsbsdt", "GET", "/api/v1/me", 200, "", 6),
    (80, "wsbsdt", "POST", "/api/v1/bookings", 201, "", 48),
    (62, "wsbsdt", "POST", "/api/v1/bookings", 409, "booking_refused", 21),
    (40, "tj12345", "GET", "/api/v1/feeds/blacklist", 200, "", 15),
    (33, "tj12345", "GET", "/api/v1/feeds/revocations.csv", 200, "", 12),
    (20, "tj12345", "GET", "/api/v1/feeds/revocations", 401, "bad_signature", 3),
    (5, "wsbsdt", "GET", "/api/v1/feeds/blacklist", 304, "", 9),
)


def load() -> None:
    if db.session.scalar(select(ApiPartner.id).limit(1)) is not None:
        return
    made = {}
    for key_id, name, scopes, rate in DEMO_PARTNERS:
        made[key_id], _ = partners.create(key_id=key_id, name=name, rate_per_minute=rate,
                                          scopes=[s for s in scopes if s in SCOPES])
    now = clock.now()
    for n, (minutes, key_id, method, path, status, error, latency) in enumerate(DEMO_CALLS):
        db.session.add(ApiCall(at=now - timedelta(minutes=minutes), partner_id=made[key_id].id, key_id=key_id,
                               method=method, path=path, status=status, error=error, latency_ms=latency,
                               request_id=f"demo-{n:04d}", ip="10.20.0.15"))


def new_secrets() -> list[tuple[str, str, str]]:
    """(key id, name, secret) of each demo partner, with a new secret (DEMO_MODE only)."""
    rows = []
    for key_id, _, _, _ in DEMO_PARTNERS:
        partner = partners.by_key(key_id)
        if partner is not None:
            rows.append((key_id, partner.name, partners.rotate(partner, version=partner.version)))
    db.session.commit()
    return rows
