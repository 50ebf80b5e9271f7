"""Bad input is refused before it reaches the database: never a 500 (issue 15 §6).

- `<int:...>` in every route is bounded to 1..2³¹−1 (PostgreSQL `integer`): the app's url_map
  uses BoundedIntConverter as its default `int`, so a route added later is covered too; a
  larger or zero id does not match and gives 404.
- `request.args.get(name, type=int)` / `request.form.get(..., type=int)` give the default for
  a number outside the same range (BoundedArgs), as they do for one that is not a number.
- A NUL byte in a query parameter is refused with 400 (PostgreSQL cannot store it); in a form
  field it is a Chinese field error (core.forms.ChineseForm).
- Last line of defence: a value the database refuses anyway (DataError, an integer too large
  for SQLite) is a 400 page, logged with the exception type only, never the values.
"""
import logging

from flask import Request, abort, request
from sqlalchemy.exc import DataError, StatementError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from ..extensions import db
from . import clock, workdays
from .errors import error_page

INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
NUL = "\x00"
log = logging.getLogger(__name__)


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` matches 1..2³¹−1 only (unless a route asks for other bounds)."""

    def __init__(self, map, fixed_digits=0, min=1, max=INT_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BoundedArgs(ImmutableMultiDict):
    """Query/form values: an int conversion outside the database's integer is the default."""

    def get(self, key, default=None, type=None):
        value = super().get(key, default=default, type=type)
        if type is int and isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            return default
        return value


class BoundedRequest(Request):
    parameter_storage_class = BoundedArgs


def in_int_range(value) -> bool:
    return isinstance(value, int) and INT_MIN <= value <= INT_MAX


def has_nul(values) -> bool:
    return any(isinstance(v, str) and NUL in v for v in values or ())


def year_arg(name: str = "year") -> int:
    """A year from the query string, this year when absent; 404 outside the calendar's span
    (a year like -1 or 99999 would fail in date())."""
    year = request.args.get(name, type=int) or clock.today().year
    if not workdays.FIRST_YEAR <= year <= workdays.LAST_YEAR:
        abort(404)
    return year


def in_calendar_span(day) -> bool:
    """A day the working-day calendar can count around (a week or a year either side of it
    stays inside 1901–2099); outside it a page answers 404, never a ValueError."""
    return workdays.FIRST_YEAR < day.year < workdays.LAST_YEAR


def init_url_map(app) -> None:
    """Before any blueprint is registered (core is the first module)."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = BoundedRequest


def init_app(app) -> None:
    init_url_map(app)

    @app.before_request
    def _refuse_nul_in_query():
        if any(NUL in k or NUL in v for k, v in request.args.items(multi=True)):
            return error_page(400, "请求参数包含不允许的控制字符。")
        return None

    def _bad_value(e):
        db.session.rollback()
        log.warning("bad input refused by the database at %s: %s", request.endpoint,
                    type(getattr(e, "orig", e)).__name__)
        return error_page(400, "提交的数据超出允许的范围或格式不正确，请检查后重试。")

    app.register_error_handler(DataError, _bad_value)
    app.register_error_handler(OverflowError, _bad_value)

    @app.errorhandler(StatementError)
    def _statement_error(e):
        if isinstance(e.orig, OverflowError):  # SQLite: an integer beyond 64 bits
            return _bad_value(e)
        raise e
