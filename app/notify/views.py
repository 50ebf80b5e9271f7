"""The bell, the user's notification list (mark as read via HTMX) and the admins' SMS record."""
from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from ..core import htmx
from ..core.permissions import roles_required, signed_in
from ..extensions import db
from . import services
from .models import Notification

bp = Blueprint("notify", __name__)
PER_PAGE = 30


@bp.route("/notifications")
@signed_in
def index():
    pager = db.paginate(services.notifications_of(current_user), page=request.args.get("page", 1, type=int),
                        per_page=PER_PAGE, error_out=False)
    return htmx.render("notify/index.html", "notify/_rows.html", pager=pager)


@bp.route("/notifications/bell")
@signed_in
def bell():
    return render_template("notify/_bell.html")


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@signed_in
def read(notification_id: int):
    notification = db.get_or_404(Notification, notification_id)
    if notification.user_id != current_user.id:
        abort(403)
    services.mark_read(notification)
    db.session.commit()
    if htmx.is_htmx():
        return render_template("notify/_row.html", item=notification, oob_bell=True)
    return htmx.redirect(notification.link or url_for("notify.index"))


@bp.route("/notifications/read-all", methods=["POST"])
@signed_in
def read_all():
    services.mark_all_read(current_user)
    db.session.commit()
    return htmx.redirect(url_for("notify.index"))


@bp.route("/admin/sms")
@roles_required("admin")
def sms():
    pager = db.paginate(services.sms_records(), page=request.args.get("page", 1, type=int),
                        per_page=PER_PAGE, error_out=False)
    return htmx.render("notify/sms.html", "notify/_sms_rows.html", pager=pager)
