"""Queries over the append-only audit log (the rows are written by app.core.audit)."""
from datetime import timedelta

from sqlalchemy import select

from ..core import clock
from ..core.audit import AuditEntry
from ..extensions import db

ACTION_LABELS = {
    "sign_in": "登录", "sign_out": "退出", "party.create": "登记行政相对人",
    "party.update": "修改行政相对人", "party.reveal": "查看完整号码",
    "calendar.override_set": "调整工作日历", "calendar.override_remove": "删除日历调整",
    "calendar.import": "导入放假安排", "demo.load": "载入演示数据",
}


def distinct_values(column) -> list[str]:
    return [v for v in db.session.scalars(select(column).distinct().order_by(column)) if v]


def filtered(*, actor="", action="", subject_type="", subject_id=None, date_from=None, date_to=None,
             outcome=""):
    """The select of audit rows matching the filters, newest first; dates are Shanghai days."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if actor:
        query = query.where(AuditEntry.actor_name.contains(actor.strip(), autoescape=True))
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


def office_names(entries) -> dict[int, str]:
    from ..accounts.models import Office

    ids = {e.office_id for e in entries if e.office_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(Office.id, Office.name).where(Office.id.in_(ids))).all())
