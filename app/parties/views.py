"""Party registry pages (行政相对人).

Roles: approvers, credit-file officers and window clerks register and correct parties (they
meet applicants); supervisors only look parties up; admins may correct a record but never see
full numbers. Reveals ("显示完整号码") are for the business roles only and always carry a
reason (SEC-5, SEC-6). The registry is city-wide: one credit file per party (CRD-1), so there
is no office scope. Identifier and name searches go by POST so neither the number nor the name
lands in a URL or log (core/searches.py).
"""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from ..core import htmx, searches
from ..core.errors import DomainError, submitted_version
from ..core.permissions import roles_required, reauth_required
from ..extensions import db
from . import services
from .forms import IdentifierSearchForm, PartyForm, RevealForm
from .models import EDIT_ROLES, REVEAL_ROLES, VIEW_ROLES, Party, PartyKind

bp = Blueprint("parties", __name__, url_prefix="/parties")
PER_PAGE = 20


def _load(party_id: int) -> Party:
    return db.session.get(Party, party_id) or abort(404)


def _actor():
    return current_user._get_current_object()


def _form_error(form, error: DomainError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


@bp.route("/", methods=["GET", "POST"])
@roles_required(*VIEW_ROLES)
def index():
    """The name search is POSTed; the URL carries an opaque token, never the name (issue 15)."""
    q, token = searches.search_text()
    if request.method == "POST" and not htmx.is_htmx():
        return redirect(searches.pushed_url(".index", token))
    page = db.paginate(services.search_by_name(q), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    response = make_response(htmx.render(
        "parties/index.html", "parties/_rows.html", pager=page, parties=page.items, q=q,
        search_args={"s": token} if token else {}, search_form=IdentifierSearchForm(),
        can_edit=Party.can_edit(_actor())))
    if request.method == "POST":
        response.headers["HX-Push-Url"] = searches.pushed_url(".index", token)
    return response


@bp.route("/search", methods=["POST"])
@roles_required(*VIEW_ROLES)
def search_identifier():
    form = IdentifierSearchForm()
    parties = []
    if form.validate_on_submit():
        found = services.find_by_identifier(form.identifier.data)
        parties = [found] if found else []
    return htmx.render("parties/index.html", "parties/_rows.html", pager=None, parties=parties,
                       q="", search_form=form, searched=True, can_edit=Party.can_edit(_actor()))


def _save_form(form: PartyForm, party: Party | None):
    """Create or update from a validated form; returns the party or None with errors set."""
    values = dict(name=form.name.data or "", identifier=form.identifier.data or "",
                  phone=form.phone.data or "", legal_representative=form.legal_representative.data or "",
                  address=form.address.data or "", actor=_actor())
    try:
        if party is None:
            party = services.create_party(kind=PartyKind(form.kind.data), **values)
        else:
            party = services.update_party(party, version=submitted_version(form.version.data), **values)
    except DomainError as e:
        db.session.rollback()
        _form_error(form, e)
        return None
    db.session.commit()
    return party


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*EDIT_ROLES)
def create():
    form = PartyForm()
    if request.method == "GET" and request.args.get("kind") in ("person", "org"):
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        party = _save_form(form, None)
        if party is not None:
            flash(f"已登记：{party.name}", "success")
            return htmx.redirect(url_for(".detail", party_id=party.id))
    status = 422 if request.method == "POST" else 200
    return render_template("parties/form.html", form=form, party=None), status


@bp.route("/<int:party_id>")
@roles_required(*VIEW_ROLES)
def detail(party_id: int):
    return render_template("parties/detail.html", party=_load(party_id))


@bp.route("/<int:party_id>/edit", methods=["GET", "POST"])
@roles_required(*EDIT_ROLES)
def edit(party_id: int):
    party = _load(party_id)
    form = PartyForm(obj=party) if request.method == "GET" else PartyForm()
    if request.method == "GET":
        form.identifier.data = form.phone.data = ""  # never shown in full; blank keeps them
    form.kind.data = party.kind.value
    form.identifier.label.text = party.kind.identifier_label
    if form.validate_on_submit():
        saved = _save_form(form, party)
        if saved is not None:
            flash(f"已保存：{saved.name}", "success")
            return htmx.redirect(url_for(".detail", party_id=saved.id))
        party = _load(party_id)
    status = 422 if request.method == "POST" else 200
    return render_template("parties/form.html", form=form, party=party), status


@bp.route("/<int:party_id>/reveal", methods=["GET", "POST"])
@roles_required(*REVEAL_ROLES)
@reauth_required  # issue 15 §1: password (and code) again before a full ID number
def reveal(party_id: int):
    party = _load(party_id)
    form = RevealForm()
    if form.validate_on_submit():
        try:
            full = services.reveal(party, reason=form.reason.data, actor=_actor())
        except DomainError as e:
            db.session.rollback()
            _form_error(form, e)
        else:
            db.session.commit()
            return htmx.render("parties/reveal.html", "parties/_revealed.html", party=party, full=full)
    return htmx.render("parties/reveal.html", "parties/_reveal_form.html", party=party, form=form)
