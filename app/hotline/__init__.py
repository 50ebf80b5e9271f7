"""12345 hotline work orders (HOT-1..10, HOT-16, HOT-21): intake, triage, dispatch, accept,
internal dispatch, returns, extensions and rule-checked replies."""


def init_app(app):
    from . import models  # noqa: F401
    from .services import clocks

    clocks.register()
