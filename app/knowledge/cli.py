"""`flask knowledge open-filings` (daily: opens the month's filings and their clocks) and
`flask knowledge reindex` (after the user dictionary was edited)."""
import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from . import segment
from .models import Article
from .services import filings

knowledge_cli = AppGroup("knowledge", help="知识库")


@knowledge_cli.command("open-filings")
def open_filings():
    """开启本月各单位的知识库/培训材料月报表。"""
    opened = filings.open_due()
    db.session.commit()
    click.echo(f"开启月报表 {opened} 份。")


@knowledge_cli.command("reindex")
def reindex():
    """按当前用户词典重新分词全部条目。"""
    segment.reload()
    count = 0
    for article in db.session.scalars(select(Article).execution_options(yield_per=500)):
        article.search_title = article.search_body = ""  # forces the before_update segmentation
        count += 1
    db.session.commit()
    click.echo(f"重新分词 {count} 条。")
