"""Demo data for `flask demo load`: a theme tree, hotline I's six articles filed under it with
owner units, more articles (one draft), last month's training filings — one unit on time, one
missing — and this month's filings open."""
import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from ..accounts.models import User, office_by_code
from ..core import clock
from ..extensions import db
from .models import Article, Filing, FilingKind, Theme
from .services import articles, filings

DATA = Path(__file__).resolve().parent / "data" / "demo_articles.json"


def _themes(tree: dict) -> dict[str, Theme]:
    found = {}
    for position, (name, children) in enumerate(tree.items()):
        parent = Theme(name=name, position=position)
        db.session.add(parent)
        for i, child in enumerate(children):
            found[child] = Theme(name=child, parent=parent, position=i)
            db.session.add(found[child])
    db.session.flush()
    return found


def load():
    handler = db.session.scalar(select(User).where(User.username == "demo_unit"))
    reviewer = db.session.scalar(select(User).where(User.username == "demo_reviewer"))
    if handler is None or reviewer is None or db.session.scalar(select(Theme.id).limit(1)):
        return
    data = json.loads(DATA.read_text(encoding="utf-8"))
    themes = _themes(data["themes"])
    for article in db.session.scalars(select(Article)):
        theme, code = data["existing"].get(article.title, (None, None))
        article.theme = themes.get(theme)
        unit = office_by_code(code) if code else None
        article.owner_unit_id = unit.id if unit else None
        article.effective_from = clock.today() - timedelta(days=60)
    home = handler.office
    for i, item in enumerate(data["articles"]):
        unit = office_by_code(item["unit"]) if item["unit"] else home
        article = articles.create(handler, unit, articles.ArticleData(
            title=item["title"], body=item["body"], keywords=item["keywords"], source=item["source"],
            theme_id=themes[item["theme"]].id, effective_from=clock.today() - timedelta(days=30)))
        if i < len(data["articles"]) - 1:  # the last one stays a draft for the centre to review
            articles.publish(reviewer, article)
    _filings(handler)


def _filings(handler):
    """Last month's training report: the demo unit filed on time, the others are missing."""
    today = clock.today()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    filings.open_due(last_month)
    filings.open_due(today)
    period = filings.month_of(last_month)
    filing = db.session.scalar(select(Filing).where(Filing.unit_id == handler.office_id, Filing.period == period,
                                                    Filing.kind == FilingKind.TRAINING.value))
    if filing is not None:
        with clock.frozen_at(clock.local_datetime(filing.due_on, 10)):
            filings.file(handler, handler.office, filing, f"{period} 开展话务人员政策培训1次。", no_changes=False)
