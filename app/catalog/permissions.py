"""Who may edit catalog items (CAT-4). Pure checks on a user and an item: the models (for
`ServiceItem.can_edit`, shared by templates and menus) and the services both import them,
so neither needs the other."""
from ..accounts.models import Office
from ..accounts.roles import OfficeKind
from ..extensions import db

EDITOR_ROLES = ("admin", "approver")


def is_service_office(user) -> bool:
    return getattr(getattr(user, "office", None), "kind", None) == OfficeKind.SERVICE_OFFICE


def may_edit_item(user, item) -> bool:
    """The service office, or a user of the item's own department (or one of its offices).
    `item` is a ServiceItem (only its department_id / department are read)."""
    office = getattr(user, "office", None)
    if office is None or not user.has_any_role(EDITOR_ROLES):
        return False
    if office.kind == OfficeKind.SERVICE_OFFICE:
        return True
    department = db.session.get(Office, item.department_id) if item.department_id else item.department
    return department is not None and office.id in department.subtree_ids()


def own_department_ids(user) -> set[int] | None:
    """The departments whose draft items the user may see: the user's office and the offices
    above it. None for the service office (every department)."""
    office = getattr(user, "office", None)
    if office is None:
        return set()
    if office.kind == OfficeKind.SERVICE_OFFICE:
        return None
    return {office.id, *(o.id for o in office.ancestors())}


def may_view_item(user, item) -> bool:
    """A published item is public to staff; a draft item only to its own department (and the
    offices under it) and to the service office."""
    if item.catalog_version.is_frozen:
        return True
    ids = own_department_ids(user)
    return ids is None or item.department_id in ids
