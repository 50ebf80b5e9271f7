"""`flask accounts import-units`: the handling units of seed 000 with one-time passwords."""
import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..core import clock
from ..extensions import db

accounts_cli = AppGroup("accounts", help="机构与账号")


def init_app(app):
    app.cli.add_command(accounts_cli)


def write_once(path: Path, text: str) -> None:
    """Creates the file readable by its owner only; never overwrites (the passwords are shown
    once)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


@accounts_cli.command("import-units")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="一次性密码文件（默认 instance/unit-accounts-时间.txt，权限 0600，不覆盖已有文件）")
def import_units_command(out: Path | None):
    """导入种子000账号表中的全部承办单位（每单位一个承办账号、一次性随机密码）。"""
    from . import services

    if out is not None and out.exists():
        raise click.ClickException(f"文件已存在，未导入：{out}")
    created = services.import_units(services.bundled_units())
    if not created:
        click.echo("全部承办单位均已存在，未创建新账号。")
        return
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    out = out or Path(current_app.config["INSTANCE_DIR"]) / f"unit-accounts-{stamp}.txt"
    lines = ["# 承办单位账号及一次性密码：请逐一当面交付，首次登录须修改密码；交付后销毁本文件。",
             *(f"{code}\t{name}\t{password}" for code, name, password in created)]
    try:
        write_once(out, "\n".join(lines) + "\n")
    except FileExistsError:
        db.session.rollback()
        raise click.ClickException(f"文件已存在，未导入：{out}")
    db.session.commit()
    click.echo(f"已创建 {len(created)} 个承办单位账号，一次性密码已写入 {out}（仅本人可读）。")
