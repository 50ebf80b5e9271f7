"""Leaders' dashboards (issue 22): the indicator registry (indicators/), the daily rollup
(models.py, services/rollup.py), the one statistics service (services/stats.py), the
dashboard by scope with drill-down to the records, and the big screen of the hall's wall."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item
    from . import formatting, models  # noqa: F401
    from .views import bp

    formatting.init_app(app)
    app.register_blueprint(bp)
    add_menu_item(app, "领导驾驶舱", "leaders.index", ("leader",), group="leaders")
    add_menu_item(app, "运行大屏", "leaders.screen", ("leader",), group="leaders")

    def load_demo():
        from .demo import load

        load()

    add_demo_loader(app, 200, load_demo)
