"""Who may see which centre (SEC-2). A window clerk works at the centre of their office (the
office itself or its nearest service-centre ancestor). A centre manager is a leader of the
centre, of an office above it, or of the city service office (all centres)."""
from sqlalchemy import select

from ...accounts.models import Office
from ...accounts.roles import OfficeKind, OfficeLevel
from ...extensions import db
from ..models import HallWindow

CLERK_ROLES = ("window_clerk",)
MANAGER_ROLES = ("leader",)


def centre_of(user) -> Office | None:
    for office in [user.office, *user.office.ancestors()]:
        if office.kind == OfficeKind.SERVICE_CENTRE:
            return office
    return None


def all_centres() -> list[Office]:
    return list(db.session.scalars(select(Office).where(Office.kind == OfficeKind.SERVICE_CENTRE,
                                                        Office.active.is_(True)).order_by(Office.id)))


def managed_centres(user) -> list[Office]:
    if not user.has_any_role(MANAGER_ROLES):
        return []
    office = user.office
    if office.kind == OfficeKind.SERVICE_CENTRE:
        return [office]
    if office.kind == OfficeKind.SERVICE_OFFICE and office.level == OfficeLevel.CITY:
        return all_centres()
    return [c for c in all_centres() if office.id in {a.id for a in c.ancestors()}]


def may_manage(user, centre_id: int) -> bool:
    return any(c.id == centre_id for c in managed_centres(user))


def windows(centre_id: int) -> list[HallWindow]:
    return list(db.session.scalars(select(HallWindow).where(HallWindow.centre_id == centre_id)
                                   .order_by(HallWindow.number)))


def clerk_window(user) -> HallWindow | None:
    """The window the clerk sits at (assigned on the console)."""
    return db.session.scalar(select(HallWindow).where(HallWindow.clerk_id == user.id))


def may_work_at(user, window: HallWindow) -> bool:
    centre = centre_of(user)
    return user.has_any_role(CLERK_ROLES) and centre is not None and window.centre_id == centre.id
