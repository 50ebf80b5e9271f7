"""`flask backup create | restore | verify` (issue 23 §4; docs/operations.md)."""
from pathlib import Path

import click
from flask.cli import AppGroup

from ..core import audit
from . import backup

backup_cli = AppGroup("backup", help="备份与恢复（数据库、上传文件、已出具文书）")


@backup_cli.command("create")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="备份根目录（默认 BACKUP_DIR）")
def create_command(directory):
    """备份数据库与上传文件，输出备份目录。"""
    target = backup.create(Path(directory) if directory else None)
    click.echo(str(target))


@backup_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False))
@click.option("--yes", is_flag=True, help="确认覆盖当前配置的数据库")
def restore_command(source, yes):
    """把备份恢复到当前配置的数据库（DATABASE_URL）与实例目录。"""
    if not yes:
        raise click.ClickException("恢复会覆盖当前数据库：确认无误后加 --yes 重新执行。")
    try:
        manifest = backup.restore(Path(source))
    except backup.BackupError as error:
        raise click.ClickException(f"恢复失败：{error}")
    click.echo(f"已恢复 {manifest['created_at']} 的备份（{manifest['database']}）。")


@backup_cli.command("verify")
def verify_command():
    """校验审计日志哈希链与全部已出具文书的 SHA-256。"""
    broken = audit.verify_chain()
    checked, bad = backup.verify_documents()
    if broken is not None:
        raise click.ClickException(f"审计日志哈希链在第 {broken.id} 条记录处断裂。")
    if bad:
        raise click.ClickException(f"{len(bad)} 份文书内容与哈希不符：" + "、".join(bad[:20]))
    click.echo(f"OK：审计日志哈希链完整，{checked} 份文书哈希一致。")
