"""Who works on which knowledge-base records: a unit's handlers on their unit's articles and
filings, the hotline centre on all of them."""
from ..accounts.roles import OfficeKind, Role

CENTRE_ROLES = (Role.HOTLINE_REVIEWER.value,)
READ_ROLES = (Role.HOTLINE_AGENT.value, Role.HOTLINE_REVIEWER.value, Role.UNIT_HANDLER.value,
              Role.CALLBACK_AGENT.value)
EDIT_ROLES = (Role.UNIT_HANDLER.value, Role.HOTLINE_REVIEWER.value)


def unit_of(user):
    """The handling unit a unit user works for (their office, or its parent for a 办理部门)."""
    office = user.office
    if not user.has_role(Role.UNIT_HANDLER.value) or office is None or office.kind != OfficeKind.HANDLING_UNIT:
        return None
    if office.parent is not None and office.parent.kind == OfficeKind.HANDLING_UNIT:
        return office.parent
    return office


def is_centre(user) -> bool:
    """A reviewer of the hotline centre: edits, publishes and withdraws any article."""
    office = user.office
    return bool(office and office.kind == OfficeKind.HOTLINE_CENTRE and user.has_any_role(CENTRE_ROLES))


def can_edit(user, article) -> bool:
    """The centre, or the owner unit's handlers (谁提供、谁维护)."""
    if is_centre(user):
        return True
    unit = unit_of(user)
    return unit is not None and article.owner_unit_id == unit.id
