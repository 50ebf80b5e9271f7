"""Knowledge-base pages: search and list, article page (versions, diff, review, maintainer),
editing, the units' monthly filings and the centre's filing matrix (thin views)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import User, users_with_role
from ..core import audit, htmx, pagination
from ..core.errors import DomainError
from ..core.permissions import roles_required
from ..extensions import db
from . import access
from . import forms as f
from .models import Article, Status, Theme
from .services import articles, search

bp = Blueprint("knowledge", __name__, url_prefix="/knowledge")


def _article(article_id: int, edit: bool = False) -> Article:
    article = db.session.get(Article, article_id) or abort(404)
    if edit and not access.can_edit(current_user, article):
        abort(403)
    if not edit and article.status != Status.PUBLISHED.value and not access.can_edit(current_user, article):
        abort(403)  # drafts and withdrawn texts: the owner unit and the centre only
    return article


def _me():
    return current_user._get_current_object()


@bp.route("/")
@roles_required(*access.READ_ROLES)
def index():
    q = request.args.get("q", "").strip()
    if q:
        size = pagination.page_size()
        page_no = max(1, request.args.get("page", 1, type=int))
        hits = search.search(q, limit=size, offset=(page_no - 1) * size)
        pager = pagination.Page(hits, search.count(q), page_no, size, {"q": q})
        return htmx.render("knowledge/index.html", "knowledge/_hits.html", hits=hits, pager=pager, q=q, mine=None)
    unit = access.unit_of(current_user)
    query = select(Article)
    if not access.is_centre(current_user):  # others: the published articles, and their own unit's
        query = query.where((Article.status == Status.PUBLISHED.value) |
                            (Article.owner_unit_id == (unit.id if unit else -1)))
    if request.args.get("stale"):
        query = query.where(Article.stale_reason != "")
    pager = pagination.paginate(query, key=Article.id, args={"stale": request.args.get("stale", "")})
    return htmx.render("knowledge/index.html", "knowledge/_hits.html", hits=None, pager=pager, q="", mine=unit)


@bp.route("/<int:article_id>")
@roles_required(*access.READ_ROLES)
def show(article_id):
    article = _article(article_id)
    return _page(article)


def _page(article, status=200, **forms):
    history = articles.versions(article)
    entries = db.session.scalars(select(audit.AuditEntry).where(
        audit.AuditEntry.subject_type == Article.__tablename__, audit.AuditEntry.subject_id == article.id)
        .order_by(audit.AuditEntry.id.desc())).all()
    maintainer_form = forms.get("maintainer_form") or f.MaintainerForm(formdata=None)
    maintainer_form.maintainer_id.choices = [(u.id, u.name) for u in users_with_role(article.owner_unit_id or 0, "unit_handler")]
    return render_template("knowledge/show.html", article=article, history=history, entries=entries,
                           can_edit=access.can_edit(current_user, article), is_centre=access.is_centre(current_user),
                           reason_form=forms.get("reason_form") or f.ReasonForm(formdata=None),
                           maintainer_form=maintainer_form), status


@bp.route("/<int:article_id>/diff/<int:number>")
@roles_required(*access.READ_ROLES)
def diff(article_id, number):
    article = _article(article_id, edit=True)
    rows = {v.number: v for v in articles.versions(article)}
    new = rows.get(number) or abort(404)
    old = rows.get(number - 1)
    return render_template("knowledge/diff.html", article=article, new=new, old=old,
                           title_diff=articles.diff(old.title if old else "", new.title),
                           body_diff=articles.diff(old.body if old else "", new.body))


def _themes():
    return [(0, "（未分类）")] + [(t.id, t.path) for t in db.session.scalars(select(Theme).order_by(Theme.position, Theme.id))]


def _data(form) -> articles.ArticleData:
    return articles.ArticleData(title=form.title.data or "", body=form.body.data or "", keywords=form.keywords.data or "",
                                source=form.source.data or "", theme_id=form.theme_id.data or None,
                                effective_from=form.effective_from.data, expires_on=form.expires_on.data,
                                release_on=form.release_on.data)


def _field_error(form, error: DomainError):
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:article_id>/edit", methods=["GET", "POST"])
@roles_required(*access.EDIT_ROLES)
def edit(article_id=None):
    article = _article(article_id, edit=True) if article_id else None
    unit = access.unit_of(current_user)
    if article is None and unit is None and not access.is_centre(current_user):
        abort(403)
    form = f.ArticleForm(obj=article if request.method == "GET" else None)
    form.theme_id.choices = _themes()
    if request.method == "GET" and article is not None:
        form.version.data = str(article.version)
    if form.validate_on_submit():
        try:
            if article is None:
                article = articles.create(_me(), unit, _data(form))
            else:
                articles.update(_me(), article, _data(form), expected_version=int(form.version.data or 0))
            db.session.commit()
            flash("已保存。", "success")
            return redirect(url_for("knowledge.show", article_id=article.id))
        except DomainError as error:
            db.session.rollback()
            _field_error(form, error)
    return render_template("knowledge/edit.html", form=form, article=article), 400 if request.method == "POST" else 200


@bp.route("/<int:article_id>/publish", methods=["POST"])
@roles_required(*access.EDIT_ROLES)
def publish(article_id):
    return _act(article_id, "publish")


@bp.route("/<int:article_id>/withdraw", methods=["POST"])
@roles_required(*access.EDIT_ROLES)
def withdraw(article_id):
    return _act(article_id, "withdraw")


@bp.route("/<int:article_id>/maintainer", methods=["POST"])
@roles_required(*access.EDIT_ROLES)
def maintainer(article_id):
    return _act(article_id, "maintainer")


def _act(article_id, action):
    article = _article(article_id, edit=True)
    forms = {}
    try:
        if action == "publish":
            if not access.is_centre(current_user):
                abort(403)  # review: the centre publishes
            articles.publish(_me(), article)
        elif action == "withdraw":
            forms["reason_form"] = form = f.ReasonForm()
            if not form.validate_on_submit():
                raise DomainError("请填写撤回原因。", field="reason")
            articles.withdraw(_me(), article, form.reason.data)
        else:
            forms["maintainer_form"] = form = f.MaintainerForm()
            form.maintainer_id.choices = [(u.id, u.name) for u in users_with_role(article.owner_unit_id or 0, "unit_handler")]
            if not form.validate_on_submit():
                raise DomainError("请选择新的维护人员。", field="maintainer_id")
            articles.change_maintainer(_me(), article, db.session.get(User, form.maintainer_id.data), form.reason.data)
        db.session.commit()
        flash("已完成。", "success")
        return redirect(url_for("knowledge.show", article_id=article.id))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return _page(article, 400, **forms)
