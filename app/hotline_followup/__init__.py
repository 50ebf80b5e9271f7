"""After the hotline reply (issue 17): the requester's page and rating, the centre's queue of
first 不满意 ratings, appeals (申诉) of dissatisfied orders and the unit's satisfaction after
appeals. Imports run followup → hotline, never back: the hotline signals completion."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item
    from ..hotline.events import order_completed
    from . import callback_views, demo, models  # noqa: F401  (callback_views adds routes to bp)
    from .public import bp as public_bp
    from .services import requester
    from .views import APPEAL_ROLES, EVALUATION_ROLES, bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    app.config.setdefault("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    order_completed.connect(requester.send_link)
    add_menu_item(app, "不满意评价研判", "followup.dissatisfied", ("hotline_reviewer",), group="hotline")
    add_menu_item(app, "回访", "followup.callbacks_index", callback_views.CALLBACK_ROLES, group="hotline")
    add_menu_item(app, "不满意工单申诉", "followup.appeals_index", APPEAL_ROLES, group="hotline")
    add_menu_item(app, "承办单位考评", "followup.evaluation_index", EVALUATION_ROLES, group="hotline")
    add_demo_loader(app, 85, demo.load)
