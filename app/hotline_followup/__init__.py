"""After the hotline reply (issue 17): the requester's page and rating, the centre's queue of
first 不满意 ratings, appeals (申诉) of dissatisfied orders and the unit's satisfaction after
appeals. Imports run followup → hotline, never back: the hotline signals completion."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item, add_panel
    from ..core import deadlines
    from ..documents.models import register_viewer
    from ..hotline.events import order_accepted, order_completed, order_returned
    from ..hotline.services.clusters import cluster_found
    from . import (callback_views, demo, duban_demo, duban_views, models, notice_demo,  # noqa: F401  (routes added to bp)
                   notice_views)
    from .public import bp as public_bp
    from .services import duban, notices, rehandling, reports, requester
    from .views import APPEAL_ROLES, EVALUATION_ROLES, bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    app.config.setdefault("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    order_completed.connect(requester.send_link)
    order_returned.connect(duban.on_returned)
    cluster_found.connect(duban.on_clustered)
    order_accepted.connect(duban.on_accepted)
    deadlines.on_overdue(duban.DUBAN_CLOCK)(duban.overdue)
    register_viewer(app, reports.REHANDLING_KIND, rehandling.may_view_document)
    register_viewer(app, reports.DUBAN_KIND, duban.may_view_document)
    register_viewer(app, notices.NOTICE_KIND, notices.may_view_document)
    add_menu_item(app, "不满意评价研判", "followup.dissatisfied", ("hotline_reviewer",), group="hotline")
    add_menu_item(app, "回访", "followup.callbacks_index", callback_views.CALLBACK_ROLES, group="hotline")
    add_menu_item(app, "不满意工单申诉", "followup.appeals_index", APPEAL_ROLES, group="hotline")
    add_menu_item(app, "承办单位考评", "followup.evaluation_index", EVALUATION_ROLES, group="hotline")
    add_menu_item(app, "重新办理", "followup.rehandlings", duban_views.ROLES, group="hotline")
    add_menu_item(app, "督办", "followup.duban_board", duban_views.ROLES, group="hotline")
    add_menu_item(app, "通报批评", "followup.notices_index", notice_views.ROLES, group="hotline")
    add_panel(app, "hotline.order_badges", duban_views.order_badges)
    add_demo_loader(app, 85, demo.load)
    add_demo_loader(app, 86, duban_demo.load)
    add_demo_loader(app, 87, notice_demo.load)
