"""Credit file (诚信档案): records, derived status, objections, repairs, publicity (CRD-1..10)."""


def init_app(app):
    from . import models  # noqa: F401
