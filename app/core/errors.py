"""Domain errors and the Chinese error pages."""
from flask import render_template, request
from flask_wtf.csrf import CSRFError

from ..extensions import db


class DomainError(Exception):
    """A rule was violated. `message` is Chinese and shown to the user; `field` names the form
    field it belongs next to, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(DomainError):
    pass


class ConcurrentEdit(DomainError):
    def __init__(self, message: str = "该记录已被他人修改，请刷新后重试（您的输入已保留）。"):
        super().__init__(message)


def submitted_version(value) -> int | None:
    """The row version a form sent back, or None when it is missing or not a whole number."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def check_version(obj, submitted) -> None:
    """The optimistic lock: the form must send back the version it was shown. A missing or
    malformed version is a conflict too, never a silent overwrite (issue 15, low)."""
    if submitted_version(submitted) != obj.version:
        raise ConcurrentEdit()


PAGES = {
    400: ("请求有误", "请求无法处理，请返回重试。"),
    403: ("无权访问", "您没有权限访问该页面或执行该操作。"),
    404: ("页面不存在", "您访问的页面或记录不存在。"),
    405: ("请求方式不允许", "该页面不支持此请求方式。"),
    409: ("数据已变更", "该记录已被他人修改，请刷新后重试。"),
    413: ("文件过大", "上传的文件超过大小限制。"),
    429: ("请求过于频繁", "操作过于频繁，请稍后再试。"),
    500: ("系统错误", "系统出现错误，已记录，请稍后重试或联系管理员。"),
}


def error_page(status: int, detail: str | None = None):
    title, message = PAGES.get(status, PAGES[500])
    template = "errors/_error.html" if request.headers.get("HX-Request") else "errors/error.html"
    return render_template(template, status=status, title=title, message=detail or message), status


def init_app(app):
    for status in PAGES:
        if status == 500:
            continue
        app.register_error_handler(status, lambda e, s=status: error_page(s))

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return error_page(400, "页面已过期或安全校验失败，请刷新页面后重新提交。")

    @app.errorhandler(PermissionDenied)
    def permission_denied(e):
        return error_page(403, e.message)

    @app.errorhandler(ConcurrentEdit)
    def concurrent_edit(e):
        return error_page(409, e.message)

    @app.errorhandler(500)
    def server_error(e):
        db.session.rollback()
        return error_page(500)
