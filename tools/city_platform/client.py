"""The simulator's sending side: a day of signed orders posted to the app."""
import json
from datetime import date

import requests

from app.api.signing import sign_request
from app.exchange.services.simulator import day_of_orders

PATH = "/api/v1/platform/messages"


def post(session: requests.Session, base_url: str, key_id: str, secret: str, message: dict) -> requests.Response:
    body = json.dumps(message, ensure_ascii=False).encode()
    headers = sign_request("POST", PATH, key_id=key_id, secret=secret, body=body)
    headers["Content-Type"] = "application/json"
    return session.post(base_url.rstrip("/") + PATH, data=body, headers=headers, timeout=30)


def send_day(base_url: str, key_id: str, secret: str, *, count: int = 24, units: list[str] | None = None,
             day: date | None = None, prefix: str = "SIM") -> dict[int, int]:
    """Post `count` orders of `day`; returns {HTTP status: how many}."""
    statuses: dict[int, int] = {}
    with requests.Session() as session:
        for message in day_of_orders(day or date.today(), count, units=units or [], prefix=prefix):
            status = post(session, base_url, key_id, secret, message).status_code
            statuses[status] = statuses.get(status, 0) + 1
    return statuses
