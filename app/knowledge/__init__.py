"""Knowledge base (HOT-20, HOT-22, 004 Art 29–31): articles with owners, versions and review,
Chinese full-text search on PostgreSQL and SQLite, and the units' monthly filings. The hotline
uses it (hotline → knowledge), never the other way round."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item, add_todo_provider
    from . import cli, demo, filing_views, todos  # noqa: F401  (filing_views adds its routes to bp)
    from .access import CENTRE_ROLES, READ_ROLES
    from .services import articles, filings
    from .views import bp

    app.register_blueprint(bp)
    app.cli.add_command(cli.knowledge_cli)
    add_menu_item(app, "知识库", "knowledge.index", READ_ROLES, group="hotline")
    add_menu_item(app, "知识库月报", "knowledge.filings", ("unit_handler",), group="hotline")
    add_menu_item(app, "月报填报情况", "knowledge.matrix", CENTRE_ROLES, group="hotline")
    add_todo_provider(app, todos.for_user)
    add_demo_loader(app, 85, demo.load)
    filings.register()
    articles.register()
