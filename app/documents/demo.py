"""Demo data: one issued sample notice, so 已印发公文 and batch print have something to show."""
from sqlalchemy import select

from ..accounts.models import User
from ..core.numbering import NumberSeries
from ..extensions import db
from .cli import sample_context
from .models import IssuedDocument
from .services import issue_document

DEMO_SERIES = NumberSeries("demo_notice", "津市监审承")


def load_demo() -> None:
    actor = db.session.scalar(select(User).where(User.username == "demo_approver"))
    if actor is None or db.session.scalar(select(IssuedDocument.id).where(IssuedDocument.kind == "demo_notice")):
        return
    context = {k: v for k, v in sample_context().items() if k not in ("number", "title", "authority")}
    issue_document("demo_notice", "documents/pdf/sample.html", None, DEMO_SERIES, actor,
                   title=sample_context()["title"], **context)
