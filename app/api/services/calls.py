"""The call log: one ApiCall row per request under /api/v1 ("every call audited", issue 24 §1),
written after the response is made, in its own small commit — never through the audit chain,
whose single lock would serialise the partners' calls (docs/api.md)."""
import time

from flask import current_app, g, request
from sqlalchemy import select

from ...core import clock
from ...extensions import db
from ...ops.logs import current_request_id
from .. import signing
from ..models import ApiCall

PREFIX = "/api/v1/"


def is_api_request() -> bool:
    return request.path.startswith(PREFIX)


def started() -> None:
    if is_api_request():
        g.api_started = time.perf_counter()


def _body_hash() -> str:
    # Only a body the request already read (a signed one within the limit) is hashed: an
    # oversized or unsigned body is never read just to be logged.
    cached = getattr(request, "_cached_data", None)
    return signing.body_sha256(cached) if cached is not None else ""


def record(response):
    """after_request: log the call; a failure to log is reported, never turned into a 500."""
    if not is_api_request() or "api_started" not in g:
        return response
    partner = g.get("api_partner")
    try:
        db.session.rollback()   # whatever the view left uncommitted is not the log's to commit
        partner_id = partner.id if partner is not None else g.get("api_partner_id")
        db.session.add(ApiCall(
            at=clock.now(), partner_id=partner_id, key_id=g.get("api_key_id", "")[:40],
            method=request.method[:10], path=request.path[:300], status=response.status_code,
            error=(g.get("api_error") or "")[:40],
            latency_ms=int((time.perf_counter() - g.api_started) * 1000),
            body_sha256=_body_hash(), request_id=current_request_id()[:64],
            ip=(request.remote_addr or "")[:64]))
        db.session.commit()
    except Exception:  # noqa: BLE001 — the answer stands; the gap is logged for the operators
        db.session.rollback()
        current_app.logger.exception("接口调用日志写入失败")
    return response


def calls_query(*, partner_id: int | None = None, status: str = ""):
    """The auditor's list, newest first; status "ok" (2xx), "4xx", "5xx" or a code."""
    query = select(ApiCall)
    if partner_id:
        query = query.where(ApiCall.partner_id == partner_id)
    if status == "ok":
        query = query.where(ApiCall.status < 300)
    elif status in ("4xx", "5xx"):
        low = int(status[0]) * 100
        query = query.where(ApiCall.status >= low, ApiCall.status < low + 100)
    elif status.isdigit() and len(status) == 3:
        query = query.where(ApiCall.status == int(status))
    return query
