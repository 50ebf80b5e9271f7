"""Errors of the API as JSON: {"error": code, "message": Chinese text, "field": name|null}.
Every status the API answers with has a code here; nothing under /api/v1 answers with HTML."""
from flask import jsonify


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.headers = headers or {}


DEFAULTS = {
    400: ("bad_request", "请求格式有误。"),
    401: ("unauthorized", "缺少或无效的接口凭据。"),
    403: ("forbidden", "该接入系统无权调用此接口。"),
    404: ("not_found", "接口或记录不存在。"),
    405: ("method_not_allowed", "该接口不支持此请求方式。"),
    406: ("not_acceptable", "不支持请求的返回格式。"),
    409: ("conflict", "请求与现有数据冲突。"),
    413: ("body_too_large", "请求体超过大小限制。"),
    415: ("unsupported_media_type", "请求体须为 JSON（Content-Type: application/json）。"),
    422: ("invalid", "请求内容不符合要求。"),
    429: ("rate_limited", "调用过于频繁，请稍后再试。"),
    500: ("server_error", "系统出现错误，已记录，请稍后重试。"),
}


def problem(status: int, code: str | None = None, message: str | None = None,
            field: str | None = None, headers: dict | None = None):
    default_code, default_message = DEFAULTS.get(status, DEFAULTS[500])
    response = jsonify({"error": code or default_code, "message": message or default_message,
                        "field": field})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_error(error: ApiError):
    return problem(error.status, error.code, error.message, error.field, error.headers)
