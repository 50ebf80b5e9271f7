from flask import Blueprint, render_template
from flask_login import current_user

from ..core.navigation import TODO_LIMIT, my_todos
from ..core.permissions import signed_in

bp = Blueprint("home", __name__)


@bp.route("/")
@signed_in
def index():
    items, summaries = my_todos(current_user)
    return render_template("home/index.html", todos=items, summaries=summaries, limit=TODO_LIMIT)
