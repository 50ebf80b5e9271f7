"""审管联动 (LNK-2..8): coordinators, daily reconciliation, weekly notes, monthly meetings,
annual assessment."""


def init_app(app):
    from . import models  # noqa: F401
    from ..core.navigation import add_demo_loader, add_menu_item, add_todo_provider
    from . import cli, demo, sources, todos
    from .services.access import LINKAGE_ROLES
    from .views import bp

    app.register_blueprint(bp)
    add_menu_item(app, "审管联动", "linkage.reconcile_today", LINKAGE_ROLES, group="linkage")
    add_todo_provider(app, todos.for_user)
    add_demo_loader(app, 70, demo.load)
    app.cli.add_command(cli.linkage_cli)
    sources.register_all(app)
    _register_deadline_handlers()
    from ..documents.models import register_viewer
    from .services import meetings
    register_viewer(app, meetings.MINUTES_KIND, meetings.may_view_minutes)  # participants read them


def _register_deadline_handlers() -> None:
    """The weekly-note clock's overdue handler, fired once by the deadline sweep (LNK-5)."""
    from ..core import deadlines
    from .services import weekly

    deadlines.on_overdue(weekly.DEADLINE_KIND)(weekly.note_overdue)
    deadlines.recomputer(weekly.DEADLINE_KIND)(weekly.recompute_deadline)  # CAL-6
    deadlines.on_moved(weekly.DEADLINE_KIND)(weekly.note_deadline_moved)
