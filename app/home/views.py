from flask import Blueprint, current_app, render_template, send_from_directory
from flask_login import current_user

from ..core.navigation import TODO_LIMIT, my_todos
from ..core.permissions import public, signed_in

bp = Blueprint("home", __name__)


@bp.route("/")
@signed_in
def index():
    items, summaries = my_todos(current_user)
    return render_template("home/index.html", todos=items, summaries=summaries, limit=TODO_LIMIT)


@bp.route("/favicon.ico")
@public
def favicon():
    """Browsers ask for /favicon.ico whatever the page links; base.html links the SVG too."""
    return send_from_directory(current_app.static_folder, "img/favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=86400)
