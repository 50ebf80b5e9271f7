"""12345 hotline work orders (HOT-1..10, HOT-16, HOT-21): intake, triage, dispatch, accept,
internal dispatch, returns, extensions and rule-checked replies."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item, add_panel, add_todo_provider
    from . import actions, models  # noqa: F401  (actions adds its routes to the blueprint)
    from . import demo, demo_clusters, index_models, panels, todos  # noqa: F401
    from .cli import hotline_cli
    from .services import clocks, clusters, repeats
    from .services.access import HOTLINE_ROLES
    from .views import bp

    app.register_blueprint(bp)
    add_menu_item(app, "热线工单", "hotline.index", HOTLINE_ROLES, group="hotline")
    add_menu_item(app, "受理诉求", "hotline.intake_form", ("hotline_agent",), group="hotline")
    add_todo_provider(app, todos.for_user)
    add_panel(app, "knowledge.article", panels.article_usage)
    add_demo_loader(app, 80, demo.load)
    add_demo_loader(app, 81, demo_clusters.load)
    clocks.register()
    clusters.register()
    repeats.register()
    app.cli.add_command(hotline_cli)
