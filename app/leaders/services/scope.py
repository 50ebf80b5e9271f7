"""Whose figures a leader sees (SEC-2): a city leader — a leader in the city's 政务服务办 or any
office under it — everything; a district leader — a leader in a district-level office — the
whole district (the subtree of its topmost district-level office); a department leader —
a leader in a city department or one of its 处室 — the department's subtree."""
from dataclasses import dataclass

from sqlalchemy import select

from ...accounts.models import Office
from ...accounts.roles import OfficeKind, OfficeLevel, Role
from ...extensions import db

CITY, DISTRICT, DEPARTMENT = "city", "district", "department"
LEVEL_LABELS = {CITY: "全市", DISTRICT: "区", DEPARTMENT: "部门"}


@dataclass(frozen=True)
class Scope:
    level: str                       # city / district / department
    office_id: int | None            # the root office (None for the city)
    office_ids: frozenset | None     # the offices seen; None = every office and none
    label: str

    def allows(self, office_id: int | None) -> bool:
        return self.office_ids is None or office_id in self.office_ids

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


def city() -> Scope:
    return Scope(CITY, None, None, "全市")


def district_root(office: Office) -> Office | None:
    """The topmost district-level office among the office and its ancestors."""
    found = None
    for node in (office, *office.ancestors()):
        if node.level == OfficeLevel.DISTRICT:
            found = node
    return found


def scope_of_office(office: Office) -> Scope:
    district = district_root(office)
    if district is not None:
        return Scope(DISTRICT, district.id, frozenset(district.subtree_ids()), district.name)
    top = ([office, *office.ancestors()])[-1]
    if top.kind == OfficeKind.SERVICE_OFFICE and top.level == OfficeLevel.CITY:
        return city()
    return Scope(DEPARTMENT, top.id, frozenset(top.subtree_ids()), top.name)


def scope_for(user) -> Scope | None:
    """The leader's scope; None for anyone who is not a leader."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_role(Role.LEADER.value):
        return None
    return scope_of_office(user.office)


def district_map() -> dict[int, int | None]:
    """office id → its district root id (None outside every district), for the rollup rows."""
    offices = {o.id: o for o in db.session.scalars(select(Office))}
    parents = {o.id: o.parent_id for o in offices.values()}
    result = {}
    for office_id, office in offices.items():
        root, node = None, office_id
        while node is not None:
            if offices[node].level == OfficeLevel.DISTRICT:
                root = node
            node = parents[node]
        result[office_id] = root
    return result


def districts() -> list[Office]:
    """The district roots (district-level offices without a district-level parent)."""
    ids = {d for d in district_map().values() if d is not None}
    return list(db.session.scalars(select(Office).where(Office.id.in_(ids)).order_by(Office.id))) if ids else []
