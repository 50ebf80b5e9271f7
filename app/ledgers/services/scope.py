"""SEC-2 scope of a ledger export: the offices whose rows a user may export.

- the city service office (the top of the organisation) sees every office (None);
- an office of a kind the ledger names as city-wide (the hotline centre for 督办 and appeals)
  likewise;
- a leader of a district office sees the district: the subtree of the topmost district office
  above them (和平区人民政府 and everything under it);
- anyone else sees their own office and the offices under it (a unit only its own)."""
from ...accounts.roles import OfficeKind, OfficeLevel
from ..registry import Ledger


def is_city_top(office) -> bool:
    return (office.kind == OfficeKind.SERVICE_OFFICE and office.level == OfficeLevel.CITY
            and office.parent_id is None)


def district_root(office):
    """The topmost district-level office of `office`'s chain, or None for a city office."""
    found = None
    for node in [office, *office.ancestors()]:
        if node.level == OfficeLevel.DISTRICT:
            found = node
    return found


def office_scope(user, ledger: Ledger) -> set[int] | None:
    office = user.office
    if is_city_top(office) or office.kind in ledger.city_wide_kinds:
        return None
    if user.has_role("leader"):
        root = district_root(office) or office
        return root.subtree_ids()
    return office.subtree_ids()


def scope_label(scope: set[int] | None, user) -> str:
    if scope is None:
        return "全市"
    root = district_root(user.office) if user.has_role("leader") else None
    return (root or user.office).name
