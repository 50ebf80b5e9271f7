"""`flask linkage reminders`: the periodic linkage work a cron entry runs (NTF-2, LNK-5/6).
Safe to run often (e.g. every 30 minutes on working days): every step is idempotent."""
import click
from flask.cli import AppGroup

from ..extensions import db

linkage_cli = AppGroup("linkage", help="审管联动")


@linkage_cli.command("reminders")
def reminders():
    """发送周工作记录提醒；上月未召开会商的单位提示政务服务办。"""
    from .services import meetings, weekly

    sent = weekly.send_weekly_reminders()
    missing = meetings.flag_months_without_meeting()
    db.session.commit()
    click.echo(f"周记录提醒 {sent} 条；上月未会商单位 {len(missing)} 个。")
