"""Supervision office: inbox of pushed cases and verification (SUP-1..3, LNK-3)."""


def init_app(app):
    from ..core.navigation import add_menu_item, add_todo_provider
    from . import models  # noqa: F401
    from .services import todos
    from .views import bp

    app.register_blueprint(bp)
    add_menu_item(app, "监管收件箱", "supervision.index", ("supervisor",), group="监管")
    add_todo_provider(app, todos)
