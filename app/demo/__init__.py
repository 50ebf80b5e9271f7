"""Demo data: `flask demo load` and `flask demo accounts` (DEMO_MODE only)."""
import click
from flask import current_app
from flask.cli import AppGroup

from ..api.demo import new_secrets as new_partner_secrets

demo_cli = AppGroup("demo", help="演示数据")


def init_app(app):
    app.cli.add_command(demo_cli)


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="数据库已有机构时什么也不做")
def load(if_empty: bool):
    """创建演示机构、每个角色一个演示用户，以及各模块的演示数据。"""
    from . import loader

    if if_empty and loader.has_data():
        click.echo("数据库已有数据，跳过演示数据。")
        return
    loader.load_all(current_app)
    click.echo("演示数据已载入。")


@demo_cli.command("accounts")
def accounts():
    """为演示用户生成新的一次性密码并打印（仅 DEMO_MODE=1 时）。"""
    from . import loader

    if not current_app.config.get("DEMO_MODE"):
        raise click.ClickException("仅在演示模式（DEMO_MODE=1）下打印演示账号。")
    rows = loader.reset_demo_passwords()
    click.echo("演示账号（本次启动有效的密码；首次登录无需改密）：")
    for username, role_label, office, password, secret in rows:
        click.echo(f"  {username:<22} {password}  {role_label} · {office}")
        if secret:  # issue 15 §1: this role signs in with a second factor
            click.echo(f"  {'':<22} 动态口令密钥 {secret}（请添加到手机验证器应用）")
    click.echo("演示接口接入系统（本次启动有效的密钥，签名方法见 /api/docs）：")
    for key_id, name, secret in new_partner_secrets():
        click.echo(f"  {key_id:<22} {secret}  {name}")
