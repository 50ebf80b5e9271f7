"""Monthly evaluation of the handling units (HOT-17; 004 Art 24–27): response, on-time
completion, return and extension rates, the reply check, satisfaction after appeals and
callbacks, with a ranking. Each figure is one grouped query over all units."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, select

from ...core.audit import AuditEntry
from ...extensions import db
from ...hotline.models import Decision, ExtensionRequest, ReturnRequest, UnitAssignment, WorkOrder
from ...hotline.services import access
from ..models import AppealDecision, AppealItem, Callback, CallbackState, Rating, Satisfaction
from .ratings import counted, month_bounds


@dataclass
class UnitMonth:
    unit_id: int
    name: str
    c: dict = field(default_factory=dict)  # the counts

    def n(self, key: str) -> int:
        return self.c.get(key, 0)

    def rate(self, part: str, whole: str) -> float | None:
        return round(100.0 * self.n(part) / self.n(whole), 1) if self.n(whole) else None

    @property
    def response_rate(self):
        return self.rate("accepted_on_time", "dispatched")

    @property
    def on_time_rate(self):
        return self.rate("completed_on_time", "completed")

    @property
    def return_rate(self):
        return self.rate("returned", "dispatched")

    @property
    def extension_rate(self):
        return self.rate("extended", "dispatched")

    @property
    def reply_pass_rate(self):
        return self.rate("reply_approved", "reply_reviewed")

    @property
    def satisfaction_rate(self):
        return self.rate("rated_good", "rated")


def _grouped(query) -> dict:
    return {unit_id: n for unit_id, n in db.session.execute(query).all()}


def month_figures(month: date) -> list[UnitMonth]:
    """Every dispatch unit's figures for the month, ranked: satisfaction, then on time."""
    start, end = month_bounds(month)
    in_month = lambda col: and_(col >= start, col < end)  # noqa: E731
    a, o = UnitAssignment, WorkOrder
    reviewed = (select(o.unit_id, func.count()).join(AuditEntry, and_(
        AuditEntry.subject_type == o.__tablename__, AuditEntry.subject_id == o.id)))
    queries = {
        "dispatched": select(a.unit_id, func.count()).where(in_month(a.dispatched_at)).group_by(a.unit_id),
        "accepted_on_time": select(a.unit_id, func.count()).where(
            in_month(a.dispatched_at), a.accepted_at.is_not(None), a.accepted_late.is_(False)).group_by(a.unit_id),
        "returned": select(a.unit_id, func.count()).join(ReturnRequest, ReturnRequest.assignment_id == a.id).where(
            ReturnRequest.decision == Decision.APPROVED, in_month(ReturnRequest.decided_at)).group_by(a.unit_id),
        "extended": select(o.unit_id, func.count()).join(ExtensionRequest, ExtensionRequest.order_id == o.id).where(
            ExtensionRequest.decision == Decision.APPROVED, in_month(ExtensionRequest.decided_at)).group_by(o.unit_id),
        "completed": select(o.unit_id, func.count()).where(in_month(o.completed_at)).group_by(o.unit_id),
        "completed_on_time": select(o.unit_id, func.count()).where(
            in_month(o.completed_at), o.overdue.is_(False)).group_by(o.unit_id),
        "reply_reviewed": reviewed.where(AuditEntry.action.in_(("hotline.reply_approved", "hotline.reply_rejected")),
                                         in_month(AuditEntry.at)).group_by(o.unit_id),
        "reply_approved": reviewed.where(AuditEntry.action == "hotline.reply_approved",
                                         in_month(AuditEntry.at)).group_by(o.unit_id),
        "rated": _ratings(start, end),
        "rated_good": _ratings(start, end).where(Rating.level != Satisfaction.DISSATISFIED),
        "dissatisfied": _ratings(start, end).where(Rating.level == Satisfaction.DISSATISFIED),
        "appeals_upheld": select(Rating.unit_id, func.count()).join(AppealItem, AppealItem.rating_id == Rating.id)
        .where(AppealItem.decision == AppealDecision.UPHELD, in_month(Rating.created_at)).group_by(Rating.unit_id),
        "callbacks": select(o.unit_id, func.count()).join(Callback, Callback.order_id == o.id).where(
            Callback.state == CallbackState.DONE, in_month(Callback.done_at)).group_by(o.unit_id),
        "callbacks_sent_back": select(o.unit_id, func.count()).join(Callback, Callback.order_id == o.id).where(
            Callback.sent_back.is_(True), in_month(Callback.done_at)).group_by(o.unit_id),
    }
    counts = {key: _grouped(query) for key, query in queries.items()}
    rows = [UnitMonth(u.id, u.name, {k: v.get(u.id, 0) for k, v in counts.items()}) for u in access.dispatch_units()]
    rows.sort(key=lambda r: (r.satisfaction_rate is None, -(r.satisfaction_rate or 0), -(r.on_time_rate or 0), r.name))
    return rows


def _ratings(start, end):
    """HOT-17: one satisfaction result per order; an upheld appeal takes it out."""
    return select(Rating.unit_id, func.count()).where(*counted(start, end)).group_by(Rating.unit_id)
