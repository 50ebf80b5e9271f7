"""Demo: one finished 督办 ledger export of the current month for demo_leader. The other
modules' demo loaders fill the ledgers with rows. The rectification ledger gets a bad review of
its own (a 办件 of two working days ago rated 不满意, verified and decided by the review office
through the reviews services); the reviews demo's case stays with the review office to verify."""
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User, office_by_code
from ..catalog.services import current_items
from ..core import clock
from ..core.errors import DomainError
from ..extensions import db
from ..matters import services as matters
from ..matters.models import MatterSource, MatterState
from ..reviews.models import BadReviewCase, RatingChannel
from ..reviews.services import callbacks, cases, ratings
from . import registry
from .models import LedgerExport
from .services import exports, periods


def load() -> None:
    _rectification()
    _leader_export()


def _rectification() -> None:
    leader = db.session.scalar(select(User).where(User.username == "demo_leader"))
    clerk = db.session.scalar(select(User).where(User.username == "demo_window"))
    centre, items = office_by_code("HPQ-ZX"), current_items()
    if leader is None or clerk is None or centre is None or not items:
        return
    at = clock.local_datetime(callbacks.previous_workday(callbacks.previous_workday(clock.today())), 10)
    matter = matters.open_matter(source=MatterSource.ORDINARY, source_type="demo-ledger", source_id=1,
                                 item=items[0], party_name="赵先生", centre_id=centre.id,
                                 window_label="3号窗口", staff=clerk, now=at)
    if matter.state != MatterState.COMPLETED:
        matters.complete_matter(matter, result="done", actor=clerk, now=at + timedelta(minutes=30))
    try:
        ratings.rate(matter, RatingChannel.PAD, level="unsatisfied", categories=["态度差"],
                     comment="解释材料要求时不耐烦", now=at + timedelta(minutes=31))
        case = db.session.scalar(select(BadReviewCase).where(BadReviewCase.matter_id == matter.id))
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
