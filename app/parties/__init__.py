"""Party registry (行政相对人): persons and organisations."""


def init_app(app):
    from . import models  # noqa: F401
