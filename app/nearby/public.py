"""The applicant's online correction (NBY-3, 000 Art 13): a signed link from the SMS, no
account; the page shows only the item and the details asked for."""
from flask import Blueprint, abort, render_template

from ..core.errors import DomainError
from ..core.forms import add_error
from ..core.permissions import public
from ..extensions import db, limiter
from .forms import PublicCorrectionForm, files_of
from .services import cases

bp = Blueprint("nearby_public", __name__, url_prefix="/jinban")


@bp.route("/correct/<token>", methods=["GET", "POST"])
@public
@limiter.limit("30/minute", methods=["POST"])
def correct(token):
    correction = cases.correction_from_token(token) or abort(404)
    form, done = PublicCorrectionForm(), correction.corrected_at is not None
    if not done and form.validate_on_submit():
        try:
            cases.submit_correction(correction, files=files_of(form.scans), reply=form.reply.data or "",
                                    via="online")
            db.session.commit()
            done = True
        except DomainError as error:
            db.session.rollback()
            add_error(form, error)
    return render_template("nearby/public/correct.html", correction=correction, case=correction.case,
                           form=form, done=done)
