"""Sending one outbound message: a signed HTTP POST of its JSON to the partner's URL from
the configuration, or — no URL configured (dev, demo, tests) — to the in-process simulator,
which records what it received (its page shows them). Returns (status, body); raises
TransportError when the partner cannot be reached."""
import json

import requests
from flask import current_app

from ...api.signing import sign_request
from ...core import clock
from ...extensions import db
from ..models import SimulatorReceipt, Target

URL_SETTINGS = {Target.CITY: "CITY_PLATFORM_URL", Target.CREDIT: "CREDIT_SHARING_URL",
                Target.NATIONAL: "NATIONAL_REVIEW_URL"}
TIMEOUT_SECONDS = 10


class TransportError(Exception):
    pass


def url_for_target(target: Target) -> str:
    return (current_app.config.get(URL_SETTINGS[target]) or "").strip()


def encode(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def headers_for(body: bytes, url: str) -> dict:
    """JSON, signed with the same scheme as the API (app/api/signing.py) with the credentials
    the partner gave us (EXCHANGE_KEY_ID, EXCHANGE_SECRET)."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    key_id, secret = current_app.config.get("EXCHANGE_KEY_ID"), current_app.config.get("EXCHANGE_SECRET")
    if key_id and secret:
        headers.update(sign_request("POST", url, key_id=key_id, secret=secret, body=body,
                                    timestamp=int(clock.now().timestamp())))
    return headers


def send(target: Target, kind: str, payload: dict) -> tuple[int, str]:
    url = url_for_target(target)
    if not url:
        return _simulate(target, kind, payload)
    body = encode({"kind": kind, **payload})
    try:
        response = requests.post(url, data=body, headers=headers_for(body, url),
                                 timeout=TIMEOUT_SECONDS)
    except requests.RequestException as error:
        raise TransportError(f"{type(error).__name__}: {error}"[:400]) from None
    return response.status_code, response.text


def _simulate(target: Target, kind: str, payload: dict) -> tuple[int, str]:
    receipt = SimulatorReceipt(target=target.value, kind=kind, payload=payload,
                               platform_order_no=str(payload.get("order_no", ""))[:40], received_at=clock.now())
    db.session.add(receipt)
    db.session.flush()
    return 200, json.dumps({"received": True, "receipt_id": receipt.id})
