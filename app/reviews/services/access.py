"""Who is who in the review loop. The review office is a leader (领导) of a service office
(政务服务办); the unit's reviewer is a leader of the matter's approval office; callback staff are
the callback agents (回访人员) of a centre, or of the city hotline centre for every centre."""
from sqlalchemy import select

from ...accounts.models import Office, User, UserRole, users_with_role
from ...accounts.roles import OfficeKind, Role
from ...extensions import db


def is_review_office(user) -> bool:
    return user.has_role(Role.LEADER.value) and user.office is not None \
        and user.office.kind == OfficeKind.SERVICE_OFFICE


def review_office_users() -> list[User]:
    return list(db.session.scalars(
        select(User).join(UserRole).join(Office, User.office_id == Office.id)
        .where(UserRole.role == Role.LEADER.value, Office.kind == OfficeKind.SERVICE_OFFICE)
        .order_by(User.id)))


def unit_reviewers(office_id: int) -> list[User]:
    return users_with_role(office_id, Role.LEADER.value)


def is_unit_reviewer(user, office_id: int) -> bool:
    return user.has_role(Role.LEADER.value) and user.office_id == office_id


def callback_centres(user) -> list[Office]:
    """The centres whose 办件 a callback agent calls back (REV-2): a centre's own agents their
    centre; the agents of the city hotline centre (便民专线) every service centre."""
    if not user.has_role(Role.CALLBACK_AGENT.value) or user.office is None:
        return []
    if user.office.kind == OfficeKind.SERVICE_CENTRE:
        return [user.office]
    if user.office.kind == OfficeKind.HOTLINE_CENTRE:
        return list(db.session.scalars(select(Office).where(Office.kind == OfficeKind.SERVICE_CENTRE)
                                       .order_by(Office.id)))
    return []


def may_act_for_unit(user, office_id: int) -> bool:
    """Verification and the rectification report: the unit's reviewer, or the review office
    acting for it (issue 21: "the review office verifies")."""
    return is_unit_reviewer(user, office_id) or is_review_office(user)


def is_callback_agent(user, centre_id: int) -> bool:
    return any(c.id == centre_id for c in callback_centres(user))
