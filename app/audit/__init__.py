"""Audit log viewer for auditors (SEC-4, SEC-6) and `flask audit verify`."""
import click
from flask.cli import AppGroup

audit_cli = AppGroup("audit", help="审计日志")


def init_app(app):
    from ..core import navigation
    from .views import bp

    app.register_blueprint(bp)
    app.cli.add_command(audit_cli)
    navigation.add_menu_item(app, "审计日志", "audit.index", ["auditor"], group="系统")


@audit_cli.command("verify")
def verify_command():
    """校验审计日志：哈希链（修改、删除、插入）与签名锚点（末尾截断、重建），列出全部问题。"""
    from sqlalchemy import func, select

    from ..core import audit, audit_anchors, clock
    from ..extensions import db

    kinds = {"edited": "内容被修改", "link": "与前一条记录不衔接（其前有记录被删除或插入）",
             "downgraded": "在密钥签名记录之后出现未签名记录（伪造）"}
    problems = []
    for kind, row in audit.chain_findings():
        at = clock.to_local(row.at).strftime("%Y-%m-%d %H:%M:%S")
        problems.append(f"哈希链在第 {row.id} 条记录处断裂（{at}，{row.action}，操作人 {row.actor_name or '系统'}）："
                        f"{kinds[kind]}。")
    problems += audit_anchors.findings()
    count = db.session.scalar(select(func.count(audit.AuditEntry.id)))
    if not problems:
        anchored = len(audit_anchors.anchors())
        click.echo(f"OK：审计日志哈希链完整（共 {count} 条），与 {anchored} 个签名锚点一致。")
        return
    for problem in problems:
        click.echo(problem)
    raise click.ClickException(f"审计日志校验未通过：发现 {len(problems)} 处问题。")


@audit_cli.command("anchor")
def anchor_command():
    """写入一个签名锚点（链头哈希与条数），保存在数据库之外的只追加文件并写入日志。"""
    from ..core import audit_anchors

    anchor = audit_anchors.write_anchor()
    click.echo(f"已写入锚点：共 {anchor['count']} 条，最后一条为第 {anchor['last_id']} 条。")
