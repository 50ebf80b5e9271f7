"""Working-day calendar administration (CAL-1): overrides, official-schedule import, banner."""
import click
from flask.cli import AppGroup

calendar_cli = AppGroup("calendar", help="工作日历")


def init_app(app):
    from ..core import navigation, workdays
    from . import models, services  # noqa: F401
    from .views import bp

    app.register_blueprint(bp)
    app.cli.add_command(calendar_cli)
    workdays.register_source(services.SOURCE)
    navigation.add_menu_item(app, "工作日历", "calendar.index", ["admin"], group="系统")
    navigation.add_banner_provider(app, services.provisional_banners)


@calendar_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--partial", is_flag=True,
              help="只是个别日期的更正；不把文件涉及的年份标记为官方全年安排")
def import_command(path: str, partial: bool):
    """导入放假安排文件（每行：YYYY-MM-DD work|rest 说明）。有任何错误则一行也不导入。"""
    from ..extensions import db
    from . import services

    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    try:
        result = services.import_schedule(text, whole_years=not partial, actor=None,
                                          source=click.format_filename(path))
    except services.ImportFailed as e:
        db.session.rollback()
        for problem in e.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"文件有 {len(e.problems)} 处错误，未导入任何内容。")
    db.session.commit()
    years = "、".join(str(y) for y in sorted(result.years))
    click.echo(f"已导入 {result.count} 个日期（{years}年）。")
    if not partial:
        click.echo(f"{years}年已按文件作为官方全年安排（原有调整已替换，不再按暂定日历计算）。")
