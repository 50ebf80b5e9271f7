"""JSON structured logs with request ids and no personal data (issue 15 item 7, SEC-3).

One line of JSON per record on stderr (journald / docker collect it): time, level, logger,
message, request id, and for an exception its type and where it was raised (file:line and
function of the project's frames and the last one) but never its message: a database error's message carries the SQL
parameters (names, ID numbers, phones), and PostgreSQL's DETAIL repeats the failing row. The
engine hides the parameters (hide_parameters), and every message is scrubbed of ID numbers,
mobile numbers, `[parameters: …]`, `Failing row contains (…)` and `Key (…)=(…)`, for libraries
that put an exception's text in the message itself (RQ's failed-job line)."""
import json
import logging
import re
import sys
import time
import traceback
import uuid
from contextvars import ContextVar

from flask import g, has_request_context, request
from flask.logging import default_handler

request_id: ContextVar[str] = ContextVar("request_id", default="")
_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_SCRUB = (
    (re.compile(r"\[parameters: [^\n]*"), "[parameters: hidden]"),  # SQLAlchemy's one line
    (re.compile(r"Failing row contains \([^\n]*"), "Failing row contains (hidden)"),  # PostgreSQL DETAIL
    (re.compile(r"Key \(([^)\n]*)\)=\([^\n]*?\)( already exists| is not present)"), r"Key (\1)=(hidden)\2"),
    (re.compile(r"(?<![0-9])[1-9]\d{5}(18|19|20)\d{2}\d{7}[0-9Xx](?![0-9])"), "[ID]"),
    (re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])"), "[PHONE]"),
)


def scrub(text: str) -> str:
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


def current_request_id() -> str:
    if has_request_context():
        return getattr(g, "request_id", "") or request_id.get()
    return request_id.get()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        rid = current_request_id()
        if rid:
            entry["request_id"] = rid
        for key in ("method", "path", "endpoint", "status", "duration_ms", "user_id"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            entry["exc_type"] = f"{kind.__module__}.{kind.__qualname__}"
            frames = traceback.extract_tb(tb)
            ours = [frame for frame in frames[:-1] if "site-packages" not in frame.filename][-6:]
            entry["exc_frames"] = [f"{frame.filename}:{frame.lineno} {frame.name}" for frame in ours + frames[-1:]]
        return json.dumps(entry, ensure_ascii=False)


def install(app, stream=None) -> logging.Handler:
    """Send the root logger (the app's, RQ's, SQLAlchemy's) to one JSON handler on `stream`
    (stderr); the app logger loses Flask's plain handler and propagates to it."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    for chatty in ("fontTools", "weasyprint"):  # a line per font subset of every PDF
        logging.getLogger(chatty).setLevel(logging.WARNING)
    app.logger.removeHandler(default_handler)
    for name in (app.logger.name, "app.access"):  # alembic's fileConfig disables existing loggers
        logging.getLogger(name).disabled = False
    return handler


def adopt(app, names=("rq.worker", "rq.job", "rq.scheduler")) -> None:
    """Loggers a library set up with its own plain handlers (RQ's CLI does, before the worker
    class exists) hand their records to the JSON handler instead, scrubbed like the rest."""
    if not app.config.get("LOG_JSON"):
        return
    for name in names:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.propagate = True
        logger.disabled = False


def init_app(app) -> None:
    """Request ids: X-Request-ID from the proxy (nginx's $request_id) when well-formed, else a
    new one; echoed in the response. One access line per request (path without the query
    string: queries may carry names)."""
    access = logging.getLogger("app.access")

    @app.before_request
    def _request_id():
        given = request.headers.get(_ID_HEADER, "")
        g.request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()
        request_id.set(g.request_id)

    @app.after_request
    def _access_line(response):
        rid = getattr(g, "request_id", "")
        if rid:
            response.headers[_ID_HEADER] = rid
            elapsed = time.perf_counter() - g.request_started
            g.request_elapsed = elapsed
            access.info("request", extra={
                "method": request.method, "path": request.path, "endpoint": request.endpoint or "",
                "status": response.status_code, "duration_ms": round(elapsed * 1000, 1)})
        return response

    if app.config.get("LOG_JSON"):
        install(app)
