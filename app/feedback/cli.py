"""`flask feedback assign-post UNIT_CODE USERNAME A|B`: file an account of the unit (e.g. one
imported by `flask accounts import-units`) as its A or B post (FBK-3)."""
import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..accounts.models import User, office_by_code
from ..core.errors import DomainError
from ..extensions import db
from .services import assign_post

feedback_cli = AppGroup("feedback", help="投诉建议咨询：A、B岗备案")


def init_app(app):
    app.cli.add_command(feedback_cli)


@feedback_cli.command("assign-post")
@click.argument("unit_code")
@click.argument("username")
@click.argument("post", type=click.Choice(["A", "B"]))
def assign_post_command(unit_code, username, post):
    unit = office_by_code(unit_code)
    user = db.session.scalar(select(User).where(User.username == username))
    if unit is None or user is None:
        raise click.ClickException("单位或账号不存在。")
    try:
        assign_post(unit, user, post)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{user.name}已备案为{unit.name}{post}岗。")
