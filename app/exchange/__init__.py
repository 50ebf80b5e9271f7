"""Data exchange with partner platforms (issue 24 §2, §3, §5): the city 12345 platform's work
orders in and the hotline's acts back out, 失信 pushes to credit sharing, review records for the
national platform; an outbound queue with retries and dead letters; an in-process simulator
of the city platform. Imports run exchange → hotline / followup / credit / reviews; they tell
the exchange through their blinker signals."""


def init_app(app):
    from ..core.navigation import add_demo_loader, add_menu_item
    from ..credit.services import party_blacklisted
    from ..hotline import events
    from . import api_views, demo, models  # noqa: F401  (api_views: the endpoint on the API blueprint)
    from .services import pushes
    from .views import bp

    events.order_accepted.connect(pushes.on_accepted, weak=False)
    events.order_returned.connect(pushes.on_returned, weak=False)
    events.extension_requested.connect(pushes.on_extension, weak=False)
    events.order_completed.connect(pushes.on_completed, weak=False)
    events.order_flagged.connect(pushes.on_flagged, weak=False)
    party_blacklisted.connect(pushes.on_blacklisted, weak=False)
    app.register_blueprint(bp)
    add_menu_item(app, "市级平台数据交换", "exchange.index", ("hotline_reviewer",), group="hotline")
    add_menu_item(app, "失信信息推送", "exchange.credit_pushes", ("credit_officer",), group="credit")
    add_demo_loader(app, 96, demo.load)  # after the API's demo partners
