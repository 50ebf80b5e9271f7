"""投诉、建议、咨询 (issue 20 §2, FBK-1..4): A/B posts, the public filing page, limits, replies
by SMS link, statistics and the daily log report."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item, add_todo_provider
    from . import cli, models, services  # noqa: F401  (services registers the FBK clock handler)
    from .public import bp as public_bp
    from .views import bp, todos

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)   # the public filing and reply pages
    add_menu_item(app, "投诉建议咨询", "feedback.index", ("unit_handler",), group="feedback")
    add_menu_item(app, "投诉建议咨询统计", "feedback.statistics", ("leader", "admin"), group="feedback")
    add_todo_provider(app, todos)

    def load_demo():
        from .demo import load

        load()

    add_demo_loader(app, 86, load_demo)
    cli.init_app(app)

