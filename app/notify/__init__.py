"""Outbox, in-app notifications and SMS (NTF-1)."""


def init_app(app):
    from ..core import deadlines, navigation
    from ..core.identity import mask_phone
    from . import models  # noqa: F401
    from .outbox import batched
    from .services import unread_count
    from .views import bp

    app.register_blueprint(bp)
    deadlines.around_batch(batched)  # a sweep's messages in one INSERT per batch
    app.jinja_env.globals["unread_notifications"] = unread_count
    app.add_template_filter(mask_phone, "mask_phone")
    navigation.add_menu_item(app, "短信发送记录", "notify.sms", ["admin"], group="系统")
