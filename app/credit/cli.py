"""`flask credit remind`: the credit reminders (run from cron until the core sweep calls it)."""
import click
from flask.cli import AppGroup

from ..extensions import db

credit_cli = AppGroup("credit", help="诚信档案")


@credit_cli.command("remind")
def remind():
    """发送诚信档案异议、信用修复的临期与超期提醒。"""
    from .reminders import remind_due

    count = remind_due()
    db.session.commit()
    click.echo(f"已排队 {count} 条提醒。")
