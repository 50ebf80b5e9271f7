"""Admin pages: offices and users (list with active search, create, edit, disable, roles,
password reset). Role gate first, then the object (so a guessed id gives 403, not 404)."""
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, selectinload

from ..core import clock, htmx, pagination, searches
from ..core.errors import DomainError
from ..core.identity import mask_phone
from ..core.permissions import reauth_required, roles_required
from ..extensions import db
from . import services
from .forms import OfficeForm, UserForm, VersionForm
from .models import Office, User
from .roles import ROLE_LABELS, OfficeKind, OfficeLevel
from .views import bp, form_error

def _office_choices(exclude: Office | None = None, blank: str | None = None):
    hidden = exclude.subtree_ids() if exclude is not None else set()
    offices = db.session.scalars(select(Office).where(Office.active.is_(True)).order_by(Office.code))
    choices = [(o.id, f"{o.name}（{o.code}）") for o in offices if o.id not in hidden]
    return ([(0, blank)] if blank else []) + choices


def _search(statement, q: str, *columns):
    q = q.strip()
    if q:
        statement = statement.where(or_(*(c.ilike(f"%{q}%") for c in columns)))
    return statement


# --- offices ---

@bp.route("/admin/offices")
@roles_required("admin")
def offices():
    q = request.args.get("q", "")
    page = pagination.paginate(
        _search(select(Office).options(selectinload(Office.parent)), q, Office.name, Office.code),
        order_by=(Office.code, Office.id), args={"q": q})
    return htmx.render("accounts/offices.html", "accounts/_office_rows.html", offices=page.items,
                       pager=page, q=q, action=VersionForm())


@bp.route("/admin/offices/new", methods=["GET", "POST"])
@roles_required("admin")
def office_new():
    return _office_form(None)


@bp.route("/admin/offices/<int:office_id>/edit", methods=["GET", "POST"])
@roles_required("admin")
def office_edit(office_id: int):
    return _office_form(db.get_or_404(Office, office_id))


def _office_form(office: Office | None):
    form = OfficeForm(obj=office)
    form.parent_id.choices = _office_choices(exclude=office, blank="（无上级机构）")
    if request.method == "GET" and office is not None:
        form.kind.data, form.level.data = office.kind.value, office.level.value
        form.parent_id.data = office.parent_id or 0
    if form.validate_on_submit():
        try:
            saved = services.save_office(
                current_user, office, code=form.code.data, name=form.name.data,
                kind=OfficeKind(form.kind.data), level=OfficeLevel(form.level.data),
                parent_id=form.parent_id.data or None, version=form.version.data,
                reconsideration_body=form.reconsideration_body.data or "")
        except DomainError as e:
            db.session.rollback()
            form_error(form, e)
        else:
            db.session.commit()
            flash(f"机构“{saved.name}”已保存。", "success")
            return htmx.redirect(url_for("accounts.offices"))
    return render_template("accounts/office_form.html", form=form, office=office)


@bp.route("/admin/offices/<int:office_id>/active", methods=["POST"])
@roles_required("admin")
def office_active(office_id: int):
    office = db.get_or_404(Office, office_id)
    form = VersionForm()
    active = request.form.get("active") == "1"
    try:
        services.set_office_active(current_user, office, active, form.version.data)
    except DomainError as e:
        db.session.rollback()
        flash(e.message, "danger")
    else:
        db.session.commit()
        flash(f"机构“{office.name}”已{'启用' if active else '停用'}。", "success")
    return htmx.redirect(url_for("accounts.offices"))


# --- users ---

def user_search():
    """(text, token, page) of a user list's search. Staff names are personal data: the search
    is POSTed and the URL carries an opaque token (core/searches.py, issue 15 low)."""
    q, token = searches.search_text()
    statement = _search(select(User).join(User.office).options(contains_eager(User.office)), q,
                        User.username, User.name, Office.name)
    page = pagination.paginate(statement, order_by=(User.username, User.id),
                               args={"s": token} if token else {})
    return q, token, page


@bp.route("/admin/users", methods=["GET", "POST"])
@roles_required("admin")
def users():
    q, token, page = user_search()
    if request.method == "POST" and not htmx.is_htmx():
        return redirect(searches.pushed_url(".users", token))
    return searches.pushed(make_response(htmx.render(
        "accounts/users.html", "accounts/_user_rows.html", users=page.items, pager=page, q=q,
        mask_phone=mask_phone, action=VersionForm(), role_labels=ROLE_LABELS, now=clock.now())),
        ".users", token)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@roles_required("admin")
def user_new():
    return _user_form(None)


@bp.route("/admin/users/<int:user_id>/edit", methods=["GET", "POST"])
@roles_required("admin")
def user_edit(user_id: int):
    return _user_form(db.get_or_404(User, user_id))


def _user_form(user: User | None):
    form = UserForm(obj=user)
    form.office_id.choices = _office_choices(blank="（请选择）")
    if form.validate_on_submit():
        values = dict(username=form.username.data, name=form.name.data, office_id=form.office_id.data,
                      phone=form.phone.data or "")
        try:
            if user is None:
                user, password = services.create_user(current_user, **values)
            else:
                services.update_user(current_user, user, version=form.version.data, **values)
                password = None
        except DomainError as e:
            db.session.rollback()
            form_error(form, e)
        else:
            db.session.commit()
            if password:  # shown once, in this response only (SEC-1)
                return render_template("accounts/password_shown.html", user=user, password=password)
            flash(f"用户“{user.name}”已保存。", "success")
            return htmx.redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=user, role_labels=ROLE_LABELS)


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@roles_required("admin")
def user_active(user_id: int):
    user = db.get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    try:
        services.set_user_active(current_user, user, active, VersionForm().version.data)
    except DomainError as e:
        db.session.rollback()
        flash(e.message, "danger")
    else:
        db.session.commit()
        flash(f"用户“{user.name}”已{'启用' if active else '停用'}。", "success")
    return htmx.redirect(url_for("accounts.users"))


@bp.route("/admin/users/<int:user_id>/reset-password", methods=["POST"])
@roles_required("admin")
@reauth_required
def user_reset_password(user_id: int):
    return reset_password_page(db.get_or_404(User, user_id), "accounts.users")


def reset_password_page(user: User, back: str):
    """A new one-time password, shown once; or the refusal flashed on the list `back`."""
    try:
        password = services.reset_password(current_user, user, VersionForm().version.data)
    except DomainError as e:
        db.session.rollback()
        flash(e.message, "danger")
        return htmx.redirect(url_for(back))
    db.session.commit()
    return render_template("accounts/password_shown.html", user=user, password=password, back=url_for(back))
