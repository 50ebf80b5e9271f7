"""The public nearby pages: the 就近办 catalog (000 Art 3: every item of the published catalog,
searchable) and the applicant's online correction (NBY-3, Art 13) by the signed link of the
SMS, which shows only the item and the details asked for."""
from flask import Blueprint, abort, render_template, request

from ..catalog.models import ServiceItem
from ..catalog.services import current_version, item_query
from ..core import pagination
from ..core.errors import DomainError
from ..core.forms import add_error
from ..core.permissions import public
from ..extensions import db, limiter
from .forms import PublicCorrectionForm, files_of
from .services import cases

bp = Blueprint("nearby_public", __name__, url_prefix="/jinban")


@bp.route("/")
@public
@limiter.limit("60/minute")
def catalog():
    """NBY-1: any item can be handed in at any centre."""
    keyword = request.args.get("q", "").strip()[:50]
    version = current_version()
    page = pagination.paginate(item_query(version, keyword=keyword), order_by=(ServiceItem.code,),
                               args={"q": keyword}) if version is not None else None
    return render_template("nearby/public/catalog.html", page=page, q=keyword)


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
