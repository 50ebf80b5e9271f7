"""Request-wide web concerns: security headers, Vary, template filters and globals."""
from datetime import datetime

from werkzeug.middleware.proxy_fix import ProxyFix

from . import clock, navigation, workdays

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def chinese_date(value) -> str:
    """2026年11月22日 (dates shown in Asia/Shanghai, CAL-5)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.to_local(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_datetime(value) -> str:
    if value is None:
        return ""
    local = clock.to_local(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def deadline_date(value) -> str:
    """A deadline in Chinese, marked 暂定 when its year has no official schedule yet (CAL-1/6)."""
    if value is None:
        return ""
    day = clock.to_local(value).date() if isinstance(value, datetime) else value
    return chinese_date(day) + ("（暂定）" if workdays.is_provisional(day) else "")


def workdays_left(value) -> int:
    """Working days from today to the deadline day: 0 on the day, negative once overdue."""
    day = clock.to_local(value).date() if isinstance(value, datetime) else value
    today = clock.today()
    if day >= today:
        return workdays.workdays_between(today, day)
    return -workdays.workdays_between(day, today)


def init_proxy(app) -> None:
    """Issue 15 §13: trust X-Forwarded-For/-Proto/-Host from exactly PROXY_FIX_HOPS proxies, so
    request.remote_addr (audit log, rate limits) is the client's address, not the proxy's."""
    hops = app.config.get("PROXY_FIX_HOPS") or 0
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def init_app(app):
    init_proxy(app)
    app.add_template_filter(chinese_date, "cndate")
    app.add_template_filter(chinese_datetime, "cndatetime")
    app.add_template_filter(deadline_date, "duedate")
    app.jinja_env.globals.update(
        menu_for=navigation.menu_for, banners_for=navigation.banners_for, today=clock.today,
        workdays_left=workdays_left, panels_for=navigation.panels_for,
    )

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # Every page and download is personal or official data: no cache keeps it (§13).
        response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("HTTPS"):
            response.headers.setdefault("Strict-Transport-Security", app.config["HSTS"])
        response.vary.add("HX-Request")
        return response
