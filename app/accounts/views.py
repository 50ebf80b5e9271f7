from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ..core.errors import DomainError
from ..core.permissions import public, signed_in
from ..extensions import db
from . import services
from .forms import LoginForm

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data)
        except DomainError as e:
            db.session.commit()  # keep the audit row of the failed attempt
            form.password.errors.append(e.message)
        else:
            session.clear()  # a new session on sign-in
            login_user(user)
            session.permanent = True
            db.session.commit()
            return redirect(url_for("home.index"))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    services.sign_out(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash("您已安全退出。", "success")
    return redirect(url_for("accounts.login"))
