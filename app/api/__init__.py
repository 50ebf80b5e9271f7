"""Interfaces to the systems around it (issue 24): a signed, versioned JSON API under /api/v1
for partner systems (网上办事大厅, 12345 platform, the credit portal), its OpenAPI 3.1 document
and browsable page, the partner credentials (security admin) and the call log (auditor).
docs/api.md tells a partner how to sign and another package how to add an endpoint."""
import os

from flask import g
from werkzeug.exceptions import default_exceptions

from . import models  # noqa: F401 — the tables, for Alembic and create_all
from ..extensions import db
from .problems import DEFAULTS, problem
from .services import calls

API_MAX_BODY_BYTES = 1024 * 1024
JSON_STATUSES = (400, 404, 405, 413, 429, 500)


def _json_errors(app) -> None:
    """Under /api/v1 every error the app answers itself (no route, wrong method, a body over
    MAX_CONTENT_LENGTH, an unexpected failure) is a JSON problem, never the HTML page; the
    pages keep their handlers."""
    for code in JSON_STATUSES:
        exception = default_exceptions[code]
        previous = app.error_handler_spec[None].get(code, {}).get(exception)

        def handler(error, code=code, previous=previous):
            if calls.is_api_request():
                db.session.rollback()
                g.api_error = DEFAULTS[code][0]
                return problem(code)
            return previous(error) if previous else error

        app.register_error_handler(code, handler)


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item
    from .admin_views import bp as admin_bp
    from .views import bp, docs_bp

    app.config.setdefault("API_MAX_BODY_BYTES", API_MAX_BODY_BYTES)
    app.config.setdefault("API_SECRET_KEY", os.environ.get("API_SECRET_KEY"))
    app.register_blueprint(bp)
    app.register_blueprint(docs_bp)
    app.register_blueprint(admin_bp)
    app.before_request(calls.started)
    app.after_request(calls.record)
    _json_errors(app)
    add_menu_item(app, "接口接入系统", "api_admin.partners_list", ("security_admin",), group="api")
    add_menu_item(app, "接口调用日志", "api_admin.calls_list", ("auditor",), group="api")

    def load_demo():
        from .demo import load

        load()

    add_demo_loader(app, 95, load_demo)
