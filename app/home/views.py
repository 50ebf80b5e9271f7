from flask import Blueprint, render_template
from flask_login import current_user

from ..core.navigation import todos_for
from ..core.permissions import signed_in

bp = Blueprint("home", __name__)


@bp.route("/")
@signed_in
def index():
    return render_template("home/index.html", todos=todos_for(current_user))
