"""The hotline part of a knowledge-base article page (HOT-20 usage): how many calls the article
answered at intake (HOT-3). Registered as a panel, so the knowledge module need not import the
hotline."""
from sqlalchemy import func, select

from ..core.navigation import Panel
from ..extensions import db
from .models import WorkOrder


def article_usage(article, user) -> Panel | None:
    answered = db.session.scalar(select(func.count(WorkOrder.id)).where(WorkOrder.kb_article_id == article.id)) or 0
    return Panel("hotline/_kb_usage.html", {"answered": answered})
