"""The security admin's pages (issue 15 §5): users with their roles and second factor, role
assignment, second-factor reset, and password reset of the three administrative roles.
Role gate first, then the object; every act needs a fresh re-authentication."""
from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from ..core import htmx, searches
from ..core.errors import DomainError
from ..core.permissions import reauth_required, roles_required
from ..extensions import db
from . import duties, policy, second_factor, services
from .admin_views import reset_password_page, user_search
from .forms import RolesForm, VersionForm
from .models import User
from .roles import ALL_ROLES, ROLE_LABELS, SEPARATED_ROLES, Role
from .views import bp, form_error

SECURITY_ADMIN = "security_admin"


@bp.route("/security/users", methods=["GET", "POST"])
@roles_required(SECURITY_ADMIN)
def security_users():
    q, token, page = user_search()
    if request.method == "POST" and not htmx.is_htmx():
        return redirect(searches.pushed_url(".security_users", token))
    return searches.pushed(make_response(htmx.render(
        "accounts/security_users.html", "accounts/_security_user_rows.html", users=page.items,
        pager=page, q=q, action=VersionForm(), role_labels=ROLE_LABELS,
        required=second_factor.required_for, separated=set(SEPARATED_ROLES), policy=_policy())),
        ".security_users", token)


def _policy() -> list[tuple[str, str]]:
    """The security policy in force (set by the deployment's configuration), for the security
    admin to check."""
    config = current_app.config
    roles = "、".join(ROLE_LABELS[Role(r)] for r in config["TOTP_REQUIRED_ROLES"] if r in ALL_ROLES)
    return [
        ("须使用双因素认证的角色", roles or "无"),
        ("密码", f"不少于{policy.MIN_LENGTH}位，三类字符，不得为常见或已泄露密码，{policy.PASSWORD_MAX_AGE.days}天须修改"),
        ("一次性密码有效期", f"{policy.ONE_TIME_PASSWORD_LIFETIME.days * 24}小时"),
        ("登录失败锁定", f"连续{policy.MAX_FAILURES}次失败锁定{policy.LOCKOUT.seconds // 60}分钟"),
        ("会话", f"无操作{config['IDLE_TIMEOUT_SECONDS'] // 60}分钟或登录满{config['SESSION_LIFETIME_SECONDS'] // 3600}"
                 f"小时自动退出，每人最多同时{config['MAX_SESSIONS_PER_USER']}个会话"),
    ]


@bp.route("/security/users/<int:user_id>/roles", methods=["GET", "POST"])
@roles_required(SECURITY_ADMIN)
@reauth_required
def user_roles(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RolesForm()
    if request.method == "GET":
        form.roles.data, form.version.data = sorted(user.roles), user.version
    if form.validate_on_submit():
        try:
            duties.assign_roles(current_user, user, form.roles.data, form.version.data)
        except DomainError as e:
            db.session.rollback()
            form_error(form, e)
        else:
            db.session.commit()
            flash(f"用户“{user.name}”的角色已保存。", "success")
            return htmx.redirect(url_for("accounts.security_users"))
    return render_template("accounts/roles_form.html", form=form, user=user)


@bp.route("/security/users/<int:user_id>/reset-second-factor", methods=["POST"])
@roles_required(SECURITY_ADMIN)
@reauth_required
def reset_second_factor(user_id: int):
    user = db.get_or_404(User, user_id)
    try:
        services.check_version(user, VersionForm().version.data)
        second_factor.reset(current_user, user)
    except DomainError as e:
        db.session.rollback()
        flash(e.message, "danger")
    else:
        db.session.commit()
        flash(f"已重置“{user.name}”的双因素认证，其下次登录时须重新绑定。", "success")
    return htmx.redirect(url_for("accounts.security_users"))


@bp.route("/security/users/<int:user_id>/reset-password", methods=["POST"])
@roles_required(SECURITY_ADMIN)
@reauth_required
def security_reset_password(user_id: int):
    return reset_password_page(db.get_or_404(User, user_id), "accounts.security_users")
