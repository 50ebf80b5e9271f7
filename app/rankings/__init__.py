"""Rankings of units and districts with effective-dated weights and the monthly bulletin
(issue 22 §2, §4). Figures come from the statistics (services/figures.py); the bulletin is an
issued document of app/documents; the monthly run is jobs.rankings.monthly_bulletins."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item
    from ..documents.models import register_viewer
    from . import models  # noqa: F401
    from .demo import load
    from .services import bulletin
    from .views import bp

    app.register_blueprint(bp)
    register_viewer(app, bulletin.KIND, bulletin.viewer_policy)  # leaders in scope download bulletins
    add_menu_item(app, "综合排名", "rankings.index", ("leader",), group="rankings")
    add_menu_item(app, "运行情况通报", "rankings.bulletins", ("leader",), group="rankings")
    add_menu_item(app, "排名权重", "rankings.weights_page", ("leader", "admin"), group="rankings")
    add_demo_loader(app, 210, load)  # after the leaders' rollup (200): the bulletins need its figures
