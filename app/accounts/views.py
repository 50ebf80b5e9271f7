"""Sign-in, sign-out, password change and the per-request session checks (SEC-1)."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from ..core import htmx
from ..core.errors import DomainError, error_page
from ..core.permissions import public, signed_in
from ..core.redirects import safe_next
from ..extensions import db, limiter
from . import second_factor, services, sessions
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

# Endpoints a user who must change the password may still reach.
CHANGE_EXEMPT = {"accounts.change_password", "accounts.logout", "accounts.login", "static",
                 "accounts.second_factor", "accounts.enrol"}


def form_error(form, error: DomainError) -> None:
    """Put a service's Chinese message next to its field, or on the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def start_session(user, *, second_factor: bool = False) -> None:
    """A new cookie session and a new server-side record on sign-in: nothing of the old one
    survives (SEC-1, ASVS 3.2.1)."""
    session.clear()
    login_user(user)
    session.permanent = True
    _, token = sessions.open_session(user, second_factor=second_factor)
    session[sessions.TOKEN_KEY] = token


# Endpoints reachable before the second factor is given.
SECOND_FACTOR_EXEMPT = {"accounts.second_factor", "accounts.enrol", "accounts.logout", "accounts.login", "static"}
ENDED_MESSAGES = {
    "idle": "长时间未操作，已自动退出，请重新登录。",
    "lifetime": "本次登录已超过最长会话时间，请重新登录。",
}


def current_record():
    """This request's server-side session record (set by check_session)."""
    return g.get("user_session")


def check_session():
    """Before every request: the server-side session record (ended, idle, lifetime), then the
    second factor, then a forced password change (SEC-1, issue 15 §1/§2)."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    record = sessions.find(session.get(sessions.TOKEN_KEY))
    if record is not None and record.user_id != user.id:
        record = None
    reason = sessions.expiry_reason(record) if record is not None and record.ended_at is None else None
    if record is None or record.ended_at is not None or reason:
        if reason:
            sessions.end(record, reason, actor=user, action="session_timeout")
            db.session.commit()
        logout_user()
        session.clear()
        if request.endpoint == "accounts.login":
            return None
        return to_sign_in(ENDED_MESSAGES.get(reason, "您的登录会话已结束，请重新登录。"))
    g.user_session = record
    g.reauth_fresh = sessions.recently_reauthenticated(record)
    if sessions.touch(record):
        db.session.commit()
    if (record.second_factor_at is None and request.endpoint not in SECOND_FACTOR_EXEMPT
            and second_factor.needed(user)):
        target = "accounts.second_factor" if user.totp_enrolled else "accounts.enrol"
        return htmx.redirect(url_for(target, next=safe_next(request.full_path.rstrip("?"))
                                     if request.method == "GET" else None))
    if request.endpoint not in CHANGE_EXEMPT and services.password_change_reason(current_user):
        return htmx.redirect(url_for("accounts.change_password"))
    return None


def unauthorized():
    return to_sign_in("请先登录。")


def csrf_refused(error):
    """A form sent once the session (and its CSRF token) is gone — the cookie outlived by the
    idle timeout — goes to sign-in with `next`, like any signed-out request; the text typed is
    kept by the page (static/js/app.js). A signed-in user gets core's 400 page."""
    if not current_user.is_authenticated and request.endpoint != "accounts.login":
        return to_sign_in("长时间未操作，已自动退出，请重新登录。")
    return error_page(400, "页面已过期或安全校验失败，请刷新页面后重新提交。")


def return_path() -> str | None:
    """Where to come back after signing in: the page asked for, or — for a form sent (POST) or
    an HTMX request — the page the user was on, so that the text typed there can be restored
    (static/js/app.js keeps it in the tab's sessionStorage)."""
    if request.method == "GET" and not htmx.is_htmx():
        return safe_next(request.full_path.rstrip("?"))
    page = request.headers.get("HX-Current-URL") or request.referrer or ""
    parts = urlsplit(page)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if parts.path == url_for("accounts.login") else safe_next(path)


def to_sign_in(message: str):
    """To the sign-in page with `next`; a form sent after the session ended is not lost."""
    if request.method != "GET":
        message += "您填写的内容已保留在本页，重新登录后可继续提交。"
    flash(message, "warning")
    return htmx.redirect(url_for("accounts.login", next=return_path()))


def _address_and_account() -> str:
    return f"{get_remote_address()}|{request.form.get('username', '').strip()}"


# SEC-1: per account and address (guessing), and per address overall (spraying). Behind a reverse
# proxy every user may share one address, hence the generous overall limit.
@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"], key_func=_address_and_account)
@limiter.limit("300 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return htmx.redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data)
        except DomainError as e:
            db.session.commit()  # keep the audit row and the failure count
            form_error(form, e)
        else:
            start_session(user)
            db.session.commit()
            target = safe_next(request.args.get("next"))
            if second_factor.needed(user):  # issue 15 §1: the code (or enrolment) comes next
                step = "accounts.second_factor" if user.totp_enrolled else "accounts.enrol"
                return htmx.redirect(url_for(step, next=target))
            return htmx.redirect(target or url_for("home.index"))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    services.sign_out(current_user._get_current_object())
    if current_record() is not None:
        sessions.end(current_record(), "sign_out", actor=current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash("您已安全退出。", "success")
    return htmx.redirect(url_for("accounts.login"))


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(user, form.current_password.data, form.new_password.data,
                                     form.confirm_password.data)
        except DomainError as e:
            db.session.commit()  # keep the audit row of a wrong current password
            form_error(form, e)
        else:
            sessions.end_all(user, "password", actor=user)
            # this session goes on (new epoch, new record, second factor kept); others end
            start_session(user, second_factor=current_record() is not None
                          and current_record().second_factor_at is not None)
            db.session.commit()
            flash("密码已修改，您的其他登录会话已结束。", "success")
            return htmx.redirect(url_for("home.index"))
    reason = services.password_change_reason(user)
    return render_template("accounts/change_password.html", form=form, reason=reason)
