"""After the hotline reply (issue 17): ratings, appeals (申诉) of dissatisfied orders and the
unit's satisfaction after appeals. Imports run followup → hotline, never back."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item
    from . import demo, models  # noqa: F401
    from .views import APPEAL_ROLES, bp

    app.register_blueprint(bp)
    add_menu_item(app, "不满意工单申诉", "followup.appeals_index", APPEAL_ROLES, group="hotline")
    add_demo_loader(app, 85, demo.load)
