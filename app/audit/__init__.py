"""Audit log viewer for auditors (SEC-4, SEC-6) and `flask audit verify`."""
import click
from flask.cli import AppGroup

audit_cli = AppGroup("audit", help="审计日志")


def init_app(app):
    from ..core import navigation
    from .views import bp

    app.register_blueprint(bp)
    app.cli.add_command(audit_cli)
    navigation.add_menu_item(app, "审计日志", "audit.index", ["auditor", "admin"], group="系统")


@audit_cli.command("verify")
def verify_command():
    """校验审计日志哈希链，输出 OK 或第一处断裂。"""
    from sqlalchemy import func, select

    from ..core import audit, clock
    from ..extensions import db

    broken = audit.verify_chain()
    if broken is None:
        count = db.session.scalar(select(func.count(audit.AuditEntry.id)))
        click.echo(f"OK：审计日志哈希链完整（共 {count} 条）。")
        return
    at = clock.to_local(broken.at).strftime("%Y-%m-%d %H:%M:%S")
    raise click.ClickException(
        f"哈希链在第 {broken.id} 条记录处断裂（{at}，{broken.action}，操作人 {broken.actor_name or '系统'}）："
        "该记录或其前一条记录被修改或删除。")
