"""The service hall (issue 19): online appointments, queue tickets, calling, windows, no-shows."""


def init_app(app):
    from . import models  # noqa: F401
