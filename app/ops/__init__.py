"""Operations (issue 23): health and readiness probes, Prometheus metrics, JSON logs with
request ids and no personal data, the optional read replica, `flask backup`."""
import time

from flask import g, request

from ..documents.pdf import rendered as pdf_rendered
from . import logs, metrics
from .cli import backup_cli
from .views import bp


def init_app(app):
    app.register_blueprint(bp)
    app.cli.add_command(backup_cli)
    logs.init_app(app)
    pdf_rendered.connect(metrics.observe_pdf)

    @app.after_request
    def _observe_latency(response):
        started = getattr(g, "request_started", None)
        if started is not None:
            metrics.observe_request(request.endpoint, request.method, time.perf_counter() - started)
        return response
