"""Service item catalog (事项目录, CAT-1..5) and supervision standards (LNK-1)."""


def init_app(app):
    from ..core.navigation import add_demo_loader
    from . import models  # noqa: F401
    from .demo import load_demo

    add_demo_loader(app, 10, load_demo)
