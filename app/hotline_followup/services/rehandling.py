"""Re-handling (重新办理, HOT-13, 004 Art 21): an order sent back by the centre (after a 不满意
rating) or by whoever made the callback (the centre or the unit's 受理部门) gets a record with the
points to answer; the unit answers each point and issues a 情况报告 to whoever ordered it."""
from sqlalchemy import select

from ...core import audit, clock
from ...core.errors import ConcurrentEdit, DomainError
from ...documents.models import IssuedDocument
from ...extensions import db
from ...hotline.models import WorkOrder
from ...hotline.services import access
from ...hotline.services.common import tell_office
from ..models import Rehandling, RehandlingState
from . import reports


def points_from(text: str) -> list[str]:
    """One point per non-empty line of the callback record / review note."""
    return [line.strip(" ；;。") for line in (text or "").splitlines() if line.strip(" ；;。")]


AUTHORITY_POINT = "诉求人要求管理部门调查解决，须由管理部门重新办理，不得再转企业答复"


def order_rehandling(order: WorkOrder, ordered_by_office_id: int, source: str, text: str, actor=None,
                     by_authority: bool = False) -> Rehandling:
    """HOT-13: opened where the order is sent back; the order shows 重新办理中 until reported.
    `by_authority` (004 Art 18): the unit's 管理部门 itself re-handles, answered as a point."""
    points = ([AUTHORITY_POINT] if by_authority else []) + points_from(text) or ["诉求人对办理结果不满意"]
    record = Rehandling(order_id=order.id, unit_id=order.unit_id, ordered_by_office_id=ordered_by_office_id,
                        source=source, points=points, answers=[""] * len(points), created_at=clock.now(),
                        by_authority=by_authority)
    db.session.add(record)
    db.session.flush()
    audit.record("hotline.rehandling_ordered", subject=record, actor=actor,
                 after={"order": order.number, "points": len(points), "source": source,
                        "by_authority": by_authority})
    return record


def open_for(order: WorkOrder) -> Rehandling | None:
    return db.session.scalars(select(Rehandling).where(
        Rehandling.order_id == order.id, Rehandling.state == RehandlingState.OPEN)).first()


def times_sent_back(order_id: int) -> int:
    return db.session.query(Rehandling).filter(Rehandling.order_id == order_id).count()


def can_view(user, record: Rehandling) -> bool:
    if access.is_centre(user):
        return True
    unit = access.unit_of(user)
    return unit is not None and unit.id == record.unit_id and access.is_unit_intake(user)


def visible(user):
    """Query: the centre sees every re-handling, a unit's 受理部门 its own."""
    query = select(Rehandling)
    if access.is_centre(user):
        return query
    unit = access.unit_of(user)
    if unit is None or not access.is_unit_intake(user):
        return query.where(False)
    return query.where(Rehandling.unit_id == unit.id)


def may_answer(user, record: Rehandling) -> bool:
    """The unit's 受理部门 answers and issues the report (in the unit's name, Art 21)."""
    unit = access.unit_of(user)
    return unit is not None and unit.id == record.unit_id and access.is_unit_intake(user)


def _may_answer(user, record: Rehandling) -> None:
    if not may_answer(user, record):
        raise DomainError("只有承办单位受理部门可以答复重新办理事项。")


def issue_report(user, record: Rehandling, answers: list[str], version: str | None = None) -> IssuedDocument:
    """HOT-13: every point answered, then the 情况报告 (a PDF with the unit's seal area) goes to
    whoever ordered the re-handling. Issuing again makes a new document; the old one stays."""
    _may_answer(user, record)
    if version and str(record.version) != str(version):
        raise ConcurrentEdit()
    answers = [(a or "").strip() for a in answers]
    if len(answers) != len(record.points) or any(len(a) < 2 for a in answers):
        missing = next((i for i, a in enumerate(answers) if len(a) < 2), len(answers))
        raise DomainError(f"请逐条答复，第{missing + 1}条尚未答复。", field=f"answer_{missing}")
    record.answers = answers
    record.report_count += 1
    title = "重新办理情况报告" if record.report_count == 1 else f"重新办理情况报告（第{record.report_count}版）"
    document = reports.issue(reports.REHANDLING_KIND, record, user, title, record.ordered_by.name,
                             "followup/pdf/rehandling_report.html", rehandling=record,
                             items=list(zip(record.points, answers)))
    record.state, record.report_document_id, record.reported_at = RehandlingState.REPORTED, document.id, clock.now()
    audit.record("hotline.rehandling_reported", subject=record, actor=user,
                 after={"document": document.number, "version": record.report_count})
    role = "hotline_reviewer" if not access.is_unit(record.ordered_by) else "unit_handler"
    tell_office(record.ordered_by_office_id, role, f"hotline:rehandling:{record.id}:{record.report_count}",
                f"工单{record.order.number}重新办理情况报告已报送（{document.number}）。", record.order)
    return document


def may_view_document(user, document: IssuedDocument) -> bool:
    """The office that ordered the re-handling reads the report too."""
    record = db.session.get(Rehandling, document.subject_id) if document.subject_type == Rehandling.__tablename__ else None
    return record is not None and can_view(user, record)
