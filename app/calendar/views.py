import io
from datetime import date

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from ..core import htmx, workdays
from ..core.errors import DomainError
from ..core.inputs import year_arg
from ..core.permissions import roles_required
from ..extensions import db
from . import services
from .forms import ImportForm, OverrideForm, RemoveForm
from .models import CalendarOverride, DayKind

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


def _page(year: int, override_form=None, import_form=None, status=200):
    context = dict(
        year=year,
        overrides=services.overrides_of(year),
        provisional=workdays.is_provisional(date(year, 1, 1)),
        special_days=services.special_days(year),
        override_form=override_form or OverrideForm(),
        import_form=import_form or ImportForm(),
        remove_form=RemoveForm(),
    )
    return htmx.render("calendar/index.html", "calendar/_overrides.html", **context), status


@bp.route("/")
@roles_required("admin")
def index():
    return _page(year_arg())


@bp.route("/overrides", methods=["POST"])
@roles_required("admin")
def add_override():
    form = OverrideForm()
    year = year_arg()
    if form.validate_on_submit():
        try:
            row = services.set_override(form.day.data, DayKind(form.kind.data), form.note.data or "",
                                        actor=current_user._get_current_object())
        except DomainError as e:
            db.session.rollback()
            form.day.errors.append(e.message)
        else:
            db.session.commit()
            flash(f"已将{row.day.year}年{row.day.month}月{row.day.day}日设为{row.kind.label}。", "success")
            return htmx.redirect(url_for(".index", year=row.day.year))
    return _page(year, override_form=form, status=422)


@bp.route("/overrides/<int:override_id>/delete", methods=["POST"])
@roles_required("admin")
def remove_override(override_id: int):
    row = db.session.get(CalendarOverride, override_id) or abort(404)
    if not RemoveForm().validate_on_submit():
        abort(400)
    year = row.day.year
    services.remove_override(row, actor=current_user._get_current_object())
    db.session.commit()
    if htmx.is_htmx():
        return _page(year)
    flash("已删除该日期的调整。", "success")
    return redirect(url_for(".index", year=year))


@bp.route("/import", methods=["POST"])
@roles_required("admin")
def import_file():
    form = ImportForm()
    year = year_arg()
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:  # an Excel file (a zip) goes through the shared Excel helper
            text = io.BytesIO(raw) if raw.startswith(b"PK") else raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.file.errors.append("文件须为 Excel（.xlsx）或 UTF-8 编码的文本文件")
        else:
            try:
                result = services.import_schedule(text, whole_years=form.whole_years.data,
                                                  actor=current_user._get_current_object(),
                                                  source=form.file.data.filename or "")
            except services.ImportFailed as e:
                db.session.rollback()
                form.file.errors.extend(e.problems)
                form.file.errors.append("文件有错误，未导入任何内容。")
            else:
                db.session.commit()
                years = "、".join(str(y) for y in sorted(result.years))
                flash(f"已导入 {result.count} 个日期（{years}年）。", "success")
                return redirect(url_for(".index", year=min(result.years)))
    return _page(year, import_form=form, status=422)
