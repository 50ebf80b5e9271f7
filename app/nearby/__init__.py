"""就近办（同城通办） (issue 20 §1): intake at any centre, the handling window with its 15 + 15
minute escalation, EMS results and paper forwarding (NBY-1..6, docs/nearby.md)."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item, add_todo_provider
    from . import models  # noqa: F401
    from .public import bp as public_bp
    from .services import clocks  # noqa: F401  (registers the NBY-2 / NBY-5 clock handlers)
    from .views import bp, todos

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)   # NBY-3 online correction by signed link
    add_menu_item(app, "就近办", "nearby.index", ("window_clerk", "approver"), group="hall")
    add_todo_provider(app, todos)  # cases to open, to re-dispatch, paper to forward

    def load_demo():
        from .demo import load

        load()

    add_demo_loader(app, 85, load_demo)

