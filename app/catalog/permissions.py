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
