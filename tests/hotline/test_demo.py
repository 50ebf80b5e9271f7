"""The demo data gives every hotline role work (issue 16: each role signs in and finds work)."""
from sqlalchemy import select

from app.accounts.models import User
from app.demo import loader
from app.extensions import db
from app.hotline import demo
from app.hotline.services import queries


def test_every_hotline_role_has_work(app):
    loader._load_offices()
    loader._load_users()
    db.session.flush()
    demo.load()
    expected = {"demo_reviewer": "dispatch", "demo_unit": "unit", "demo_unit_xb": "dept",
                "demo_callback": "completed", "demo_hotline": "search"}
    for username, queue in expected.items():
        user = db.session.scalar(select(User).where(User.username == username))
        query = queries.queue_query(user, queue, {})
        assert db.session.scalar(select(db.func.count()).select_from(query.subquery())) > 0, username
    reviewer = db.session.scalar(select(User).where(User.username == "demo_reviewer"))
    for queue in ("returns", "extensions", "replies"):
        assert db.session.scalars(queries.queue_query(reviewer, queue, {})).first() is not None, queue
