"""Credit file (诚信档案): records, derived status, objections, repairs, publicity (CRD-1..10)."""
from ..core.navigation import add_demo_loader, add_menu_item, add_todo_provider
from ..accounts.roles import ALL_ROLES


def init_app(app):
    from . import models  # noqa: F401
    from .views import bp, todos

    from .cli import credit_cli

    app.register_blueprint(bp)
    app.cli.add_command(credit_cli)
    add_menu_item(app, "诚信档案", "credit.index", ALL_ROLES, group="credit")
    add_menu_item(app, "公示", "credit.publicity", ALL_ROLES, group="credit")
    add_todo_provider(app, todos)

    def load_demo():
        from .demo import load

        load()

    add_demo_loader(app, 60, load_demo)
