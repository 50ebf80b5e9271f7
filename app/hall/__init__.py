"""The service hall (issue 19): online appointments (public pages), queue tickets at the kiosk,
the calling screen, the window console, no-shows, the centre manager's views."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item, add_todo_provider
    from . import models  # noqa: F401
    from .device_views import bp as device_bp
    from .public import bp as public_bp
    from .views import bp, todos

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)     # PUB-1: the public booking pages
    app.register_blueprint(device_bp)     # kiosks and calling screens (device tokens)
    add_menu_item(app, "窗口工作台", "hall.console", ("window_clerk",), group="hall")
    add_menu_item(app, "我的办件", "hall.matters", ("window_clerk",), group="hall")
    add_menu_item(app, "今日大厅", "hall.today", ("leader",), group="hall")
    add_todo_provider(app, todos)  # the window clerk's open 办件

    def load_demo():
        from .demo import load

        load()

    add_demo_loader(app, 80, load_demo)
