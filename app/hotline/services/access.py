"""Who sees which orders. Centre staff: an office of kind HOTLINE_CENTRE. A unit user
(UNIT_HANDLER) sits either in the unit itself — its 受理部门 — or in a child office of the
unit — one of its 办理部门 (004 Art 6, 9)."""
from ...accounts.models import Office
from ...accounts.roles import OfficeKind, Role
from ...extensions import db
from sqlalchemy import select

from ...knowledge.access import unit_of  # noqa: F401  (re-exported: hotline code uses it from here)

from ..models import DeptTask, WorkOrder

CENTRE_ROLES = (Role.HOTLINE_AGENT.value, Role.HOTLINE_REVIEWER.value, Role.CALLBACK_AGENT.value)
HOTLINE_ROLES = CENTRE_ROLES + (Role.UNIT_HANDLER.value,)


def is_centre(user) -> bool:
    office = user.office
    return bool(office and office.kind == OfficeKind.HOTLINE_CENTRE and user.has_any_role(CENTRE_ROLES))


def is_reviewer(user) -> bool:
    return is_centre(user) and user.has_role(Role.HOTLINE_REVIEWER.value)


def is_unit_intake(user) -> bool:
    """The unit's 受理部门: the user's office is the unit itself."""
    unit = unit_of(user)
    return unit is not None and unit.id == user.office_id


def is_dept(user) -> bool:
    unit = unit_of(user)
    return unit is not None and unit.id != user.office_id


def is_unit(office: Office | None) -> bool:
    """A handling unit the centre dispatches to (not one of a unit's 办理部门)."""
    return bool(office and office.kind == OfficeKind.HANDLING_UNIT and office.active
                and not (office.parent is not None and office.parent.kind == OfficeKind.HANDLING_UNIT))


def dispatch_units() -> list[Office]:
    offices = db.session.scalars(select(Office).where(Office.kind == OfficeKind.HANDLING_UNIT,
                                                      Office.active.is_(True)).order_by(Office.id))
    return [o for o in offices if is_unit(o)]


def departments_of(unit: Office) -> list[Office]:
    return sorted((c for c in unit.children if c.kind == OfficeKind.HANDLING_UNIT and c.active),
                  key=lambda o: o.id)


def dept_task_of(user, order: WorkOrder) -> DeptTask | None:
    return db.session.scalars(select(DeptTask).where(
        DeptTask.order_id == order.id, DeptTask.dept_id == user.office_id).order_by(DeptTask.id.desc())).first()


def can_view(user, order: WorkOrder) -> bool:
    if is_centre(user):
        return True
    unit = unit_of(user)
    if unit is None or order.unit_id != unit.id:
        return False
    return is_unit_intake(user) or dept_task_of(user, order) is not None


def can_act_for_unit(user, order: WorkOrder) -> bool:
    """Contacts, notes, draft, return and extension requests: either level of the unit."""
    return order.is_open and can_view(user, order) and not is_centre(user)
