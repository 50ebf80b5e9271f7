"""Queries over the append-only audit log (the rows are written by app.core.audit)."""
from datetime import timedelta

from sqlalchemy import or_, select

from ..accounts.models import User
from ..accounts.roles import OfficeKind, OfficeLevel
from ..core import clock
from ..core.audit import AuditEntry
from ..extensions import db


def visible_office_ids(user) -> set[int] | None:
    """SEC-6 scope: None (every row) for an auditor of the city service office;
    otherwise the rows written by the auditor's office and the offices under it."""
    office = user.office
    if (office.kind == OfficeKind.SERVICE_OFFICE and office.parent_id is None
            and office.level == OfficeLevel.CITY):
        return None
    return office.subtree_ids()


def distinct_values(column) -> list[str]:
    return [v for v in db.session.scalars(select(column).distinct().order_by(column)) if v]


def filtered(*, actor="", action="", subject_type="", subject_id=None, date_from=None, date_to=None,
             outcome="", offices: set[int] | None = None):
    """The select of audit rows matching the filters, newest first; dates are Shanghai days.
    `actor` matches the person's name or account; `offices` limits to rows written there."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if offices is not None:
        query = query.where(AuditEntry.office_id.in_(offices))
    if actor:
        actor = actor.strip()
        named = select(User.id).where(User.name.contains(actor, autoescape=True))
        query = query.where(or_(AuditEntry.actor_name.contains(actor, autoescape=True),
                                AuditEntry.actor_id.in_(named)))
    if action:
        query = query.where(AuditEntry.action == action)
    if subject_type:
        query = query.where(AuditEntry.subject_type == subject_type)
    if subject_id:
        query = query.where(AuditEntry.subject_id == subject_id)
    if outcome:
        query = query.where(AuditEntry.outcome == outcome)
    if date_from:
        query = query.where(AuditEntry.at >= clock.local_datetime(date_from))
    if date_to:
        query = query.where(AuditEntry.at < clock.local_datetime(date_to + timedelta(days=1)))
    return query
