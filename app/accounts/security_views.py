"""The user's own security pages: the second factor (sign-in step and enrolment),
re-authentication before sensitive acts and 我的会话 (issue 15 §1, §2)."""
from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..core import clock, htmx
from ..core.errors import DomainError
from ..core.permissions import signed_in
from ..core.redirects import safe_next
from ..extensions import db, limiter
from . import second_factor, services, sessions
from .forms import CodeForm, EnrolForm, ReauthForm, VersionForm
from .models import UserSession
from .views import bp, current_record, form_error

PENDING_SECRET = "totp_pending"


def _user():
    return current_user._get_current_object()


def _onwards():
    return htmx.redirect(safe_next(request.args.get("next")) or url_for("home.index"))


def _refused(form, message: str):
    """A wrong code counts towards the lockout like a wrong password (low item)."""
    user = _user()
    services.count_failure(user, clock.now(), "动态验证码错误")
    db.session.commit()
    if services.is_locked(user):
        return _locked_out()
    form.code.errors = list(form.code.errors) + [message]
    return None


def _locked_out():
    record = current_record()
    if record is not None:
        sessions.end(record, "sign_out", actor=_user())
    db.session.commit()
    session.clear()
    flash(services.SIGN_IN_REFUSED, "danger")
    return htmx.redirect(url_for("accounts.login"))


@bp.route("/second-factor", methods=["GET", "POST"], endpoint="second_factor")
@signed_in
@limiter.limit("10 per minute", methods=["POST"])
def second_factor_page():
    user = _user()
    if not user.totp_enrolled:
        return redirect(url_for("accounts.enrol", next=request.args.get("next")))
    form = CodeForm()
    if form.validate_on_submit():
        if second_factor.check(user, form.code.data):
            sessions.second_factor_given(current_record())
            user.failed_logins = 0
            db.session.commit()
            return _onwards()
        refused = _refused(form, "动态验证码不正确或已使用，请输入最新的6位数字。")
        if refused is not None:
            return refused
    return render_template("accounts/second_factor.html", form=form)


@bp.route("/second-factor/setup", methods=["GET", "POST"])
@signed_in
def enrol():
    """Enrolment: forced at the next sign-in for the roles that require it, optional for the
    rest. Once enrolled, enrolling again (a new phone) needs the current second factor."""
    user = _user()
    record = current_record()
    if user.totp_enrolled and (record is None or record.second_factor_at is None):
        return redirect(url_for("accounts.second_factor", next=request.args.get("next")))
    if user.totp_enrolled and not g.get("reauth_fresh"):  # a new phone: prove the old factor first
        flash("更换验证器前，请再次验证身份。", "warning")
        return redirect(url_for("accounts.reauth", next=url_for("accounts.enrol")))
    form = EnrolForm()
    secret = session.get(PENDING_SECRET) or second_factor.new_secret()
    session[PENDING_SECRET] = secret
    if form.validate_on_submit():
        try:
            codes = second_factor.enrol(user, secret, form.code.data)
        except DomainError as e:
            db.session.rollback()
            form_error(form, e)
        else:
            sessions.second_factor_given(record)
            session.pop(PENDING_SECRET, None)
            db.session.commit()
            return render_template("accounts/recovery_codes.html", codes=codes,
                                   next=safe_next(request.args.get("next")))
    uri = second_factor.provisioning_uri(user, secret)
    return render_template("accounts/enrol.html", form=form, qr=second_factor.qr_svg(uri), secret=secret,
                           required=second_factor.required_for(user))


@bp.route("/reauth", methods=["GET", "POST"])
@signed_in
@limiter.limit("10 per minute", methods=["POST"])
def reauth():
    """Password (and code, when enrolled) again before a sensitive act; failures count towards
    the lockout (low item)."""
    user = _user()
    form = ReauthForm()
    if form.validate_on_submit():
        ok = user.check_password(form.password.data or "")
        if ok and user.totp_enrolled:
            ok = second_factor.check(user, form.code.data or "")
        if ok:
            sessions.reauthenticated(current_record())
            user.failed_logins = 0
            db.session.commit()
            return _onwards()
        services.count_failure(user, clock.now(), "再次验证身份失败")
        db.session.commit()
        if services.is_locked(user):
            return _locked_out()
        form.password.errors = list(form.password.errors) + ["密码或动态验证码不正确。"]
    return render_template("accounts/reauth.html", form=form, needs_code=user.totp_enrolled)


@bp.route("/sessions")
@signed_in
def my_sessions():
    user = _user()
    return render_template("accounts/sessions.html", rows=sessions.open_sessions(user),
                           current=current_record(), action=VersionForm())


@bp.route("/sessions/<int:session_id>/end", methods=["POST"])
@signed_in
def end_session(session_id: int):
    record = db.session.get(UserSession, session_id)
    if record is None:
        abort(404)
    if record.user_id != current_user.id:  # scope: only one's own sessions
        abort(403)
    sessions.end(record, "ended_by_user", actor=_user())
    db.session.commit()
    if record is current_record():
        session.clear()
        flash("本会话已结束。", "success")
        return htmx.redirect(url_for("accounts.login"))
    flash("所选会话已结束。", "success")
    return htmx.redirect(url_for("accounts.my_sessions"))
