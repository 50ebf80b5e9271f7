"""Supervision office: inbox of pushed cases and verification (SUP-1..3, LNK-3)."""


def init_app(app):
    from . import models  # noqa: F401
