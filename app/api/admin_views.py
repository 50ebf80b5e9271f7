"""Staff pages of the API: the security admin keeps the partner systems (create with the
secret shown once, rotate, scopes and limits, disable — issue 15 三权分立: credentials are
security configuration, not account keeping); the auditor reads the call log."""
from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from ..core.errors import ConcurrentEdit, DomainError
from ..core.pagination import paginate
from ..core.permissions import reauth_required, roles_required
from ..extensions import db
from . import signing
from .forms import CallFilterForm, NewPartnerForm, PartnerForm, VersionForm
from .models import ApiCall, ApiPartner
from .services import calls, partners

bp = Blueprint("api_admin", __name__, url_prefix="/api-admin")
SECURITY_ADMIN, AUDITOR = "security_admin", "auditor"


def _partner(partner_id: int) -> ApiPartner:
    return db.get_or_404(ApiPartner, partner_id)


def _secret_page(partner: ApiPartner, secret: str, created: bool):
    """The secret, this once; never cached, never stored."""
    response = make_response(render_template("api/secret.html", partner=partner, secret=secret,
                                             created=created, headers=signing))
    response.headers["Cache-Control"] = "no-store"
    return response


def _field_error(form, error: DomainError) -> None:
    target = getattr(form, error.field, None) if error.field else None
    if target is not None:
        target.errors = [*target.errors, error.message]
    else:
        flash(error.message, "danger")


@bp.route("/partners")
@roles_required(SECURITY_ADMIN)
def partners_list():
    rows = db.session.scalars(db.select(ApiPartner).order_by(ApiPartner.id)).all()
    return render_template("api/partners.html", partners=rows, action=VersionForm())




@bp.route("/partners/new", methods=["GET", "POST"])
@roles_required(SECURITY_ADMIN)
@reauth_required
def partner_new():
    form = NewPartnerForm()
    if form.validate_on_submit():
        try:
            partner, secret = partners.create(key_id=form.key_id.data, name=form.name.data,
                                              scopes=form.scopes.data, actor=current_user,
                                              rate_per_minute=form.rate_per_minute.data)
        except DomainError as e:
            db.session.rollback()
            _field_error(form, e)
        else:
            db.session.commit()
            return _secret_page(partner, secret, created=True)
    return render_template("api/partner_form.html", form=form, partner=None)


@bp.route("/partners/<int:partner_id>", methods=["GET", "POST"])
@roles_required(SECURITY_ADMIN)
def partner_edit(partner_id: int):
    partner = _partner(partner_id)
    form = PartnerForm(obj=partner if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            partners.update(partner, name=form.name.data, scopes=form.scopes.data, actor=current_user,
                            rate_per_minute=form.rate_per_minute.data, version=form.version.data)
        except DomainError as e:
            db.session.rollback()
            _field_error(form, e)
        else:
            db.session.commit()
            flash("接入系统已保存。", "success")
            return redirect(url_for(".partners_list"))
    return render_template("api/partner_form.html", form=form, partner=partner)


@bp.route("/partners/<int:partner_id>/rotate", methods=["POST"])
@roles_required(SECURITY_ADMIN)
@reauth_required
def partner_rotate(partner_id: int):
    partner = _partner(partner_id)
    form = VersionForm()
    if form.validate_on_submit():
        try:
            secret = partners.rotate(partner, version=form.version.data, actor=current_user)
        except ConcurrentEdit as e:
            db.session.rollback()
            flash(e.message, "danger")
        else:
            db.session.commit()
            return _secret_page(partner, secret, created=False)
    return redirect(url_for(".partners_list"))


@bp.route("/partners/<int:partner_id>/active", methods=["POST"])
@roles_required(SECURITY_ADMIN)
def partner_active(partner_id: int):
    partner = _partner(partner_id)
    form = VersionForm()
    if form.validate_on_submit():
        active = request.form.get("active") == "1"
        try:
            partners.set_active(partner, active, version=form.version.data, actor=current_user)
        except ConcurrentEdit as e:
            db.session.rollback()
            flash(e.message, "danger")
        else:
            db.session.commit()
            flash(f"已{'启用' if active else '停用'}接入系统“{partner.name}”。", "success")
    return redirect(url_for(".partners_list"))


@bp.route("/calls")
@roles_required(AUDITOR)
def calls_list():
    form = CallFilterForm(request.args)
    choices = db.session.execute(db.select(ApiPartner.id, ApiPartner.name).order_by(ApiPartner.name)).all()
    form.partner.choices = [("", "全部")] + [(str(i), n) for i, n in choices]
    partner_id = request.args.get("partner", type=int)
    status = request.args.get("status", "")[:3]
    args = {k: v for k, v in (("partner", partner_id), ("status", status)) if v}
    page = paginate(calls.calls_query(partner_id=partner_id, status=status), key=ApiCall.id, args=args)
    return render_template("api/calls.html", form=form, pager=page, calls=page.items)
