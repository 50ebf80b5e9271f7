"""LNK-2 / Art 19: each approval and supervision office names its coordinators; the list is
published. Also the approval–supervision office pairs the other rhythms work on."""
from datetime import date

from sqlalchemy import func, select

from ...accounts.models import Office, User
from ...accounts.roles import OfficeKind
from ...core import audit
from ...core.errors import ConcurrentEdit, DomainError, PermissionDenied
from ...extensions import db
from ..models import Coordinator, OfficePair
from .. import reader
from . import access

LINKAGE_KINDS = (OfficeKind.APPROVAL, OfficeKind.SUPERVISION)


def appoint(actor, office: Office, user: User, *, post: str, office_phone: str, appointed_on: date) -> Coordinator:
    if not access.can_manage_registry(actor, office):
        raise PermissionDenied("只能登记本处室的审管协调员。")
    if office.kind not in LINKAGE_KINDS:  # LNK-2
        raise DomainError("审管协调员只能由审批或监管处室（部门）设立。", field="office_id")
    if user.office_id != office.id:
        raise DomainError("协调员须为本处室人员。", field="user_id")
    if not user.has_role("coordinator"):
        raise DomainError("该人员没有“审管协调员”角色，请先由管理员授予。", field="user_id")
    existing = db.session.scalar(select(Coordinator).where(
        Coordinator.office_id == office.id, Coordinator.user_id == user.id))
    if existing is not None and existing.active:
        raise DomainError("该人员已是本处室的审管协调员。", field="user_id")
    coordinator = existing or Coordinator(office=office, user=user)
    coordinator.post, coordinator.office_phone = post.strip(), office_phone.strip()
    coordinator.appointed_on, coordinator.active = appointed_on, True
    db.session.add(coordinator)
    db.session.flush()
    audit.record("linkage.coordinator.appoint", subject=coordinator, actor=actor,
                 after={"office": office.name, "user": user.name, "post": coordinator.post})
    return coordinator


def withdraw(actor, coordinator: Coordinator, version: int) -> None:
    if not access.can_manage_registry(actor, coordinator.office):
        raise PermissionDenied("只能调整本处室的审管协调员。")
    if coordinator.version != version:
        raise ConcurrentEdit()
    coordinator.active = False
    db.session.flush()
    audit.record("linkage.coordinator.withdraw", subject=coordinator, actor=actor,
                 before={"active": True}, after={"active": False})


def published_list() -> list[Coordinator]:
    """The public list (Art 19), grouped by unit then office in the template."""
    return list(db.session.scalars(
        select(Coordinator).join(Office, Coordinator.office_id == Office.id)
        .where(Coordinator.active.is_(True)).order_by(Office.parent_id, Office.name, Coordinator.id)))


def coordinators_of(office_id: int) -> list[Coordinator]:
    return list(db.session.scalars(select(Coordinator).where(
        Coordinator.office_id == office_id, Coordinator.active.is_(True)).order_by(Coordinator.id)))


def active_coordinator_for(user) -> Coordinator | None:
    return db.session.scalar(select(Coordinator).where(
        Coordinator.user_id == user.id, Coordinator.office_id == user.office_id,
        Coordinator.active.is_(True)))


def pair_offices(actor, approval: Office, supervision: Office) -> OfficePair:
    """Link an approval office with a supervision office of the same department or district."""
    if not access.is_city_service_office(actor):
        raise PermissionDenied("审管对应关系由市政务服务办维护。")
    if approval.kind != OfficeKind.APPROVAL or supervision.kind != OfficeKind.SUPERVISION:
        raise DomainError("须选择一个审批处室和一个监管处室。", field="approval_office_id")
    unit_id = approval.parent_id or approval.id
    existing = db.session.scalar(select(OfficePair).where(
        OfficePair.approval_office_id == approval.id, OfficePair.supervision_office_id == supervision.id))
    if existing is not None:
        return existing
    pair = OfficePair(approval_office=approval, supervision_office=supervision, unit_id=unit_id)
    db.session.add(pair)
    db.session.flush()
    audit.record("linkage.pair.create", subject=pair, actor=actor,
                 after={"approval": approval.name, "supervision": supervision.name})
    return pair


def sync_pairs(actor) -> int:
    """Create the pairs the catalog assigns (item's approval office → its supervision office).
    Returns the number of new pairs."""
    before = db.session.scalar(select(func.count(OfficePair.id)))
    for approval_id, supervision_id in sorted(reader.office_pairs()):
        approval, supervision = db.session.get(Office, approval_id), db.session.get(Office, supervision_id)
        if approval.kind == OfficeKind.APPROVAL and supervision.kind == OfficeKind.SUPERVISION:
            pair_offices(actor, approval, supervision)
    return db.session.scalar(select(func.count(OfficePair.id))) - before


def units() -> list[Office]:
    """Departments and districts that have linkage pairs (meeting and assessment units)."""
    ids = select(OfficePair.unit_id).distinct()
    return list(db.session.scalars(select(Office).where(Office.id.in_(ids)).order_by(Office.name)))


def unit_office_ids(unit_id: int) -> set[int]:
    ids = set()
    for pair in db.session.scalars(select(OfficePair).where(OfficePair.unit_id == unit_id)):
        ids |= {pair.approval_office_id, pair.supervision_office_id}
    return ids
