"""Public rating pages (PUB-1, PUB-2) and the window rating pad (REV-1). No staff navigation,
no internal names: the party reaches the rating page and the rectification feedback by a
signed link sent by SMS; the pad runs on a tablet paired to one window by the centre manager
(hall's signed device token, kind 评价器) and polls by HTMX for the 办件 the window finished."""
from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..core.errors import DomainError
from ..core.permissions import public
from ..extensions import db, limiter
from ..hall.models import DeviceKind
from ..hall.services import devices
from ..hall.forms import add_error
from ..matters.models import Matter
from .forms import ReactionForm, RatingForm
from .models import RatingChannel
from .services import cases, ratings

bp = Blueprint("review_public", __name__)


def _rate(form: RatingForm, matter: Matter, channel: RatingChannel) -> bool:
    try:
        ratings.rate(matter, channel, level=form.level.data, categories=form.categories.data,
                     comment=form.comment.data, rater_name=form.rater_name.data,
                     rater_phone=form.rater_phone.data)
        db.session.commit()
        return True
    except DomainError as error:
        db.session.rollback()
        add_error(form, error)
        return False


@bp.route("/pingjia/<token>", methods=["GET", "POST"])
@public
@limiter.limit("30/minute", methods=["POST"])
def rate(token):
    matter = ratings.matter_for_link(token)
    if matter is None:
        abort(404)
    form = RatingForm()
    if form.validate_on_submit() and _rate(form, matter, RatingChannel.ONLINE):
        return render_template("reviews/public/thanks.html")
    existing = ratings.find(matter.id, RatingChannel.ONLINE)
    return render_template("reviews/public/rate.html", matter=matter, form=form, existing=existing), \
        422 if form.errors or form.form_errors else 200


@bp.route("/pingjia/fankui/<token>", methods=["GET", "POST"])
@public
@limiter.limit("30/minute", methods=["POST"])
def feedback(token):
    case = cases.case_for_feedback(token)
    if case is None:
        abort(404)
    form = ReactionForm()
    if form.validate_on_submit():
        cases.party_reacts(case, form.reaction.data, form.remarks.data)
        db.session.commit()
        return render_template("reviews/public/thanks.html")
    return render_template("reviews/public/feedback.html", case=case, form=form)


# ---- the window rating pad ------------------------------------------------------------------

def _pad(token: str):
    device = devices.device_for(token, DeviceKind.PAD)
    if device is None:
        abort(404)
    return device


@bp.route("/review-pad/<token>")
@public
def pad(token):
    device = _pad(token)
    return render_template("reviews/pad.html", device=device, token=token,
                           matter=ratings.pad_matter(device), form=RatingForm())


@bp.route("/review-pad/<token>/current")
@public
def pad_current(token):
    """Polled every 3 seconds: lights up when the window finishes a 办件."""
    device = _pad(token)
    return render_template("reviews/_pad_current.html", device=device, token=token,
                           matter=ratings.pad_matter(device), form=RatingForm())


@bp.route("/review-pad/<token>/rate/<int:matter_id>", methods=["POST"])
@public
@limiter.limit("60/minute")
def pad_rate(token, matter_id):
    """REV-1: the party rates on the pad. A signed-in session (the staff's own screen) may
    not post here: staff never rate on the party's behalf."""
    device = _pad(token)
    if current_user.is_authenticated:
        abort(403)
    matter = ratings.pad_matter(device)
    if matter is None or matter.id != matter_id:
        abort(404)
    form = RatingForm()
    if form.validate_on_submit() and _rate(form, matter, RatingChannel.PAD):
        return render_template("reviews/pad.html", device=device, token=token, matter=None,
                               form=RatingForm(formdata=None), thanks=True)
    return render_template("reviews/pad.html", device=device, token=token, matter=matter,
                           form=form), 422
