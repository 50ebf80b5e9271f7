"""Demo 通报批评 (004 Art 24): demo_callback records a media exposure of 和平区市场监督管理局,
the 督办 sweep runs, and a draft notice of this month — generated from the data — waits for
demo_reviewer to review and issue it."""
from sqlalchemy import select

from ..accounts.models import User
from ..core import clock
from ..extensions import db
from .models import CriticismNotice
from .services import duban, notices


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def load() -> None:
    drafter, unit_user = _user("demo_callback"), _user("demo_unit")
    if drafter is None or unit_user is None or db.session.scalar(select(CriticismNotice.id).limit(1)):
        return
    duban.evaluate_all()
    notices.record_exposure(drafter, unit_user.office_id, clock.today(), "天津日报",
                            "报道群众多次反映商户拒不退款，承办单位答复敷衍、互相推诿")
    notice = notices.draft(drafter, clock.today().replace(day=1))
    notices.submit(drafter, notice)
