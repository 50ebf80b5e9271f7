"""Demo: one finished 督办 ledger export of the current month for demo_leader. The other
modules' demo loaders fill the ledgers with rows; the demo bad review is taken through
verification and decision into rectification (by the review office, through the reviews
services) so that the rectification ledger has its line."""
from sqlalchemy import select

from ..accounts.models import User
from ..core import clock
from ..core.errors import DomainError
from ..extensions import db
from ..reviews.models import BadReviewCase, CaseState
from ..reviews.services import cases
from . import registry
from .models import LedgerExport
from .services import exports, periods


def load() -> None:
    _rectification()
    _leader_export()


def _rectification() -> None:
    leader = db.session.scalar(select(User).where(User.username == "demo_leader"))
    case = db.session.scalar(select(BadReviewCase).where(BadReviewCase.state == CaseState.VERIFYING)
                             .order_by(BadReviewCase.id))
    if leader is None or case is None:
        return
    try:
        cases.verify(case, leader, "经调取窗口录像核实，工作人员解释材料要求时语气生硬。")
        cases.decide(case, leader, justified=True, reason="差评属实，应予整改。", rectify_days=5)
    except DomainError:
        return  # the demo case is no longer in the state the demo expects


def _leader_export() -> None:
    leader = db.session.scalar(select(User).where(User.username == "demo_leader"))
    if leader is None or db.session.scalar(select(LedgerExport.id).where(LedgerExport.requested_by_id == leader.id)):
        return
    ledger = registry.get("duban")
    today = clock.today()
    period = periods.month(today.year, today.month)
    export = exports.request_export(leader, ledger, period, exports.count(ledger, None, period))
    exports.build(export, ledger, db.session.flush)
