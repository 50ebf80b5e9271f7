"""Signed calls for the API tests: a partner with a fresh key id per test (the per-partner
counters live in the shared rate-limit storage) and a client that signs like a partner."""
import json
import secrets

from app.api.services import partners
from app.api.signing import sign_request
from app.core import clock
from app.extensions import db


def partner(scopes=("feeds:read", "bookings:write", "bookings:read"), rate=600, **kw):
    """(partner, secret)"""
    p, secret = partners.create(key_id=kw.pop("key_id", None) or f"t-{secrets.token_hex(6)}",
                                name=kw.pop("name", "测试接入系统"), scopes=list(scopes), rate_per_minute=rate)
    db.session.flush()
    return p, secret


def call(client, method, url, p, secret, *, body=None, raw: bytes | None = None, headers=None,
         timestamp=None, nonce=None):
    data = raw if raw is not None else (json.dumps(body, ensure_ascii=False).encode() if body is not None else b"")
    signed = sign_request(method, url, key_id=p.key_id, secret=secret, body=data,
                          timestamp=timestamp if timestamp is not None else int(clock.now().timestamp()),
                          nonce=nonce)
    all_headers = {**signed, **(headers or {})}
    if data and "Content-Type" not in all_headers:
        all_headers["Content-Type"] = "application/json"
    return client.open(url, method=method, data=data, headers=all_headers)
