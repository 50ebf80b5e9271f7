"""我的待办 for unit handlers: their unit's open monthly filings, and stale articles (HOT-22, HOT-14)."""
from flask import url_for
from sqlalchemy import func, select

from ..core import clock
from ..core.navigation import TodoItem
from ..extensions import db
from .access import unit_of
from .models import Article, Filing


def for_user(user) -> list[TodoItem]:
    unit = unit_of(user)
    if unit is None:
        return []
    items = []
    for filing in db.session.scalars(select(Filing).where(Filing.unit_id == unit.id, Filing.filed_at.is_(None))
                                     .order_by(Filing.due_on)):
        color = "red" if filing.due_on < clock.today() else "yellow"
        items.append(TodoItem(f"填报{filing.kind_label}（考核月度{filing.period}）", url_for("knowledge.filings"),
                              1, color, clock.end_of_day(filing.due_on)))
    stale = db.session.scalar(select(func.count(Article.id)).where(Article.owner_unit_id == unit.id,
                                                                   Article.stale_reason != ""))
    if stale:
        items.append(TodoItem("知识库条目待更新（被指出过时或有误）", url_for("knowledge.index", stale=1), stale, "yellow"))
    return items
