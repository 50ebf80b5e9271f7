"""Users, roles, offices, sign-in, password policy and the admin pages."""


def init_app(app):
    from ..core.navigation import add_menu_item
    from ..extensions import login_manager
    from . import admin_views, cli, models, security_admin_views, security_views, services  # noqa: F401
    from .roles import ALL_ROLES
    from flask_wtf.csrf import CSRFError

    from .views import bp, check_session, csrf_refused, unauthorized

    app.register_blueprint(bp)
    app.before_request(check_session)
    login_manager.login_view = "accounts.login"
    login_manager.unauthorized_handler(unauthorized)
    app.register_error_handler(CSRFError, csrf_refused)  # replaces core's: signed out → sign-in
    cli.init_app(app)
    app.jinja_env.globals["people_of"] = services.people_of
    add_menu_item(app, "机构管理", "accounts.offices", ["admin"], group="系统管理")
    add_menu_item(app, "用户管理", "accounts.users", ["admin"], group="系统管理")
    add_menu_item(app, "角色与认证", "accounts.security_users", ["security_admin"], group="安全管理")
    add_menu_item(app, "修改密码", "accounts.change_password", ALL_ROLES, group="账号")
    add_menu_item(app, "双因素认证", "accounts.enrol", ALL_ROLES, group="账号")
    add_menu_item(app, "我的会话", "accounts.my_sessions", ALL_ROLES, group="账号")
