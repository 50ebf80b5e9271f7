"""Who sees and does what in the linkage workspace (scope, SEC: no access by guessing an id).

- A coordinator of an approval or supervision office sees only the office pairs it belongs to.
- The service office (a coordinator in a 政务服务办 office, or an admin) runs meetings and the
  annual assessment; the city-level one (no parent) for every unit, a district one for its
  district. The approval office (政务服务处) of a department runs that department's meetings.
- Leaders read everything."""
from sqlalchemy import or_, select

from ...accounts.models import Office
from ...accounts.roles import OfficeKind
from ...extensions import db
from ..models import OfficePair

LINKAGE_ROLES = ("coordinator", "leader", "admin")


def is_city_service_office(user) -> bool:
    if user.has_role("admin"):
        return True
    return (user.has_role("coordinator") and user.office.kind == OfficeKind.SERVICE_OFFICE
            and user.office.parent_id is None)


def reads_all(user) -> bool:
    return user.has_role("leader") or is_city_service_office(user)


def can_manage_unit(user, unit: Office) -> bool:
    """Schedule meetings and write minutes for a department or district (Art 23, 25)."""
    if is_city_service_office(user):
        return True
    return (user.has_role("coordinator")
            and user.office.kind in (OfficeKind.APPROVAL, OfficeKind.SERVICE_OFFICE)
            and user.office.parent_id == unit.id)


def can_manage_registry(user, office: Office) -> bool:
    """LNK-2: an office names its own coordinators; the city service office any."""
    return is_city_service_office(user) or (user.has_role("coordinator") and user.office_id == office.id)


def visible_pairs(user) -> list[OfficePair]:
    query = select(OfficePair).order_by(OfficePair.unit_id, OfficePair.id)
    if not reads_all(user):
        if user.office.kind == OfficeKind.SERVICE_OFFICE and user.has_role("coordinator"):
            query = query.where(OfficePair.unit_id == user.office.parent_id)
        else:
            query = query.where(or_(OfficePair.approval_office_id == user.office_id,
                                    OfficePair.supervision_office_id == user.office_id))
    return list(db.session.scalars(query))


def can_see_pair(user, pair: OfficePair) -> bool:
    return pair.id in {p.id for p in visible_pairs(user)}


def can_see_office(user, office_id: int) -> bool:
    """Weekly notes of an office: its own coordinators, its unit's organisers, readers."""
    if reads_all(user) or user.office_id == office_id:
        return True
    return any(p.involves(office_id) for p in visible_pairs(user)
               if user.office.kind == OfficeKind.SERVICE_OFFICE)
