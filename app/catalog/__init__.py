"""Service item catalog (事项目录, CAT-1..5) and supervision standards (LNK-1)."""


def init_app(app):
    from ..accounts.roles import ALL_ROLES
    from ..core.navigation import add_demo_loader, add_menu_item, add_todo_provider
    from . import models  # noqa: F401
    from .demo import load_demo
    from .services import EDITOR_ROLES, publication_todos
    from .views import bp

    app.register_blueprint(bp)
    add_menu_item(app, "事项目录", "catalog.index", ALL_ROLES, group="目录")
    add_menu_item(app, "目录版本", "catalog.versions", EDITOR_ROLES, group="目录")
    add_menu_item(app, "监管标准", "catalog.standard_list", ALL_ROLES, group="目录")
    add_todo_provider(app, publication_todos)
    add_demo_loader(app, 10, load_demo)
