"""Outbox, in-app notifications and SMS (NTF-1)."""


def init_app(app):
    from . import models  # noqa: F401
