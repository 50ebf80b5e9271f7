"""The API blueprint /api/v1 (issue 24): feeds, bookings, the partner's own details, the
OpenAPI document and the browsable page. Every partner endpoint is declared through
spec.operation(), so the document lists exactly what is served."""
from flask import Blueprint, Response, g, jsonify, render_template, request

from ..core.permissions import public
from ..extensions import csrf, db
from . import signing
from .auth import check_size, current_partner
from .problems import ApiError, from_error
from .schemas import BlacklistPage, Booking, BookingIn, FeedQuery, Partner, RevocationPage
from .services import bookings, feeds
from .spec import OPERATIONS, SIGNATURE_HEADERS, operation, openapi

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)   # signed requests: the API has its own authentication, no cookies
docs_bp = Blueprint("api_docs", __name__)

IDEMPOTENCY = {"Idempotency-Key": "幂等键（建议填写）：同一键重复提交返回第一次的结果，不会重复预约"}
REVOCATION_COLUMNS = {"revocation_number": "撤销决定书文号", "decision_number": "原审批决定文号",
                      "item_code": "事项编码", "item_name": "事项名称", "office": "作出决定机关",
                      "party_name": "行政相对人", "party_identifier": "证件号码（脱敏）",
                      "ground": "撤销事由", "revoked_on": "撤销日期", "published_at": "公布时间"}
BLACKLIST_COLUMNS = {"party_name": "行政相对人", "party_identifier": "证件号码（脱敏）", "level": "失信等级",
                     "ground": "失信情形", "office": "认定机关", "listed_on": "列入日期",
                     "restricted_until": "限制期至", "listed": "仍在名单", "state": "记录状态",
                     "changed_at": "更新时间"}


@bp.before_request
def _size_limit():
    check_size()


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    db.session.rollback()
    g.api_error = error.code
    return from_error(error)


def _feed(build, query: FeedQuery, columns: dict | None = None):
    try:
        since = feeds.parse_cursor(query.since)
    except ValueError:
        raise ApiError(422, "invalid", "查询参数 since 须为上次返回的 next_since。", field="since") from None
    page = build(since, query.limit)
    if request.if_none_match and page.etag.strip('"') in request.if_none_match:
        return Response(status=304, headers={"ETag": page.etag})
    if columns is not None:
        response = Response(feeds.as_csv(page, columns), mimetype="text/csv")
        response.headers["Content-Disposition"] = "attachment; filename=feed.csv"
        if page.next_since:
            response.headers["X-Next-Since"] = page.next_since
    else:
        response = jsonify({"items": page.items, "next_since": page.next_since, "has_more": page.has_more})
    response.headers["ETag"] = page.etag
    response.headers["Cache-Control"] = "no-cache"
    return response


FEED_HELP = ("按 next_since 增量读取；响应带 ETag，携带 If-None-Match 且无变化时返回 304。"
             "只含公开信息：自然人只显示姓氏，证件号码已脱敏。")


@operation(bp, "/feeds/revocations", "GET", scope="feeds:read", tag="公示数据", query=FeedQuery,
           response=RevocationPage, summary="撤销决定公示（JSON）", description=FEED_HELP)
def revocations(query: FeedQuery):
    return _feed(feeds.revocations, query)


@operation(bp, "/feeds/revocations.csv", "GET", scope="feeds:read", tag="公示数据", query=FeedQuery,
           csv=True, summary="撤销决定公示（CSV）", description="同 JSON 版；下一页的 since 在响应头 X-Next-Since。")
def revocations_csv(query: FeedQuery):
    return _feed(feeds.revocations, query, REVOCATION_COLUMNS)


@operation(bp, "/feeds/blacklist", "GET", scope="feeds:read", tag="公示数据", query=FeedQuery,
           response=BlacklistPage, summary="失信黑名单（JSON）",
           description=FEED_HELP + "listed 为 false 的记录已删除或已修复，门户应撤下。")
def blacklist(query: FeedQuery):
    return _feed(feeds.blacklist, query)


@operation(bp, "/feeds/blacklist.csv", "GET", scope="feeds:read", tag="公示数据", query=FeedQuery,
           csv=True, summary="失信黑名单（CSV）", description="同 JSON 版；下一页的 since 在响应头 X-Next-Since。")
def blacklist_csv(query: FeedQuery):
    return _feed(feeds.blacklist, query, BLACKLIST_COLUMNS)


@operation(bp, "/bookings", "POST", scope="bookings:write", tag="网上预约", body=BookingIn,
           response=Booking, status=201, errors=(404,), headers=IDEMPOTENCY,
           summary="提交网上预约",
           description="与网上预约页面规则相同：今天之后5个工作日内、事项时段、每日名额、失信与失约限制、"
                       "同一事项同一天只能预约一次。同一幂等键重复提交返回 200 和第一次的预约。")
def book(body: BookingIn):
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and (len(key) > 80 or not signing.NONCE_CHARS.match(key)):
        raise ApiError(422, "invalid", "Idempotency-Key 须为1至80位字母、数字、下划线或连字符。",
                       field="Idempotency-Key")
    appointment, created = bookings.book(current_partner(), body, key=key,
                                         body_sha256=signing.body_sha256(request.get_data(cache=True)))
    db.session.commit()
    response = jsonify(bookings.as_booking(appointment))
    response.status_code = 201 if created else 200
    return response


@operation(bp, "/bookings/<ref>", "GET", scope="bookings:read", tag="网上预约", response=Booking,
           errors=(404,), summary="查询预约", description="只能查询本接入系统提交的预约。")
def booking(ref: str):
    return jsonify(bookings.as_booking(bookings.own(current_partner(), ref)))


@operation(bp, "/bookings/<ref>/cancel", "POST", scope="bookings:write", tag="网上预约", response=Booking,
           errors=(404,), summary="取消预约", description="须在预约办理日前一天24时前取消。")
def cancel_booking(ref: str):
    appointment = bookings.cancel(current_partner(), ref)
    db.session.commit()
    return jsonify(bookings.as_booking(appointment))


@operation(bp, "/me", "GET", scope=None, tag="接入", response=Partner,
           summary="本接入系统信息", description="用于核对签名是否正确：返回接入标识、权限和调用上限。")
def me():
    partner = current_partner()
    return jsonify(Partner(key_id=partner.key_id, name=partner.name, scopes=partner.scopes or [],
                           rate_per_minute=partner.rate_per_minute).model_dump())


# ---------------------------------------------------------------- the document (public)

@docs_bp.route("/api/v1/openapi.json")
@public
def openapi_json():
    return jsonify(openapi(request.host_url.rstrip("/")))


@docs_bp.route("/api/docs")
@public
def docs():
    """The browsable description, rendered on the server from the same document (no script:
    CSP script-src 'self'). Public: the partners' developers have no intranet account, and the
    document holds no data and no secret."""
    document = openapi(request.host_url.rstrip("/"))
    return render_template("api/docs.html", doc=document, operations=OPERATIONS,
                           signature_headers=SIGNATURE_HEADERS, skew=signing.SKEW_SECONDS)
