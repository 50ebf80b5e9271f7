"""Users, roles, offices and sign-in."""


def init_app(app):
    from ..extensions import login_manager
    from . import models  # noqa: F401
    from .views import bp

    app.register_blueprint(bp)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
