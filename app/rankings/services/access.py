"""Who sees which rankings and bulletins (SEC-2), on the leaders' scope rules
(leaders.services.scope): a city leader sees every district and unit; a district leader the
district's units and the district's bulletin only; a department leader the department's units.
The weights are set by the city service office (政务服务办), its leaders and administrators."""
from ...accounts.models import Office
from ...accounts.roles import OfficeKind, OfficeLevel
from ...leaders.services import stats
from ...leaders.services.scope import CITY, DISTRICT, Scope, districts, scope_of_office


def scope_for(user) -> Scope | None:
    """The leader's scope; None for anyone who is not a leader."""
    return stats.scope_for(user)


def district_scope(district: Office | None) -> Scope:
    """The scope of one district's bulletin or ranking (None: the city's)."""
    return stats.city() if district is None else scope_of_office(district)


def district_in_scope(scope: Scope, district_id: int | None) -> Office | None:
    """A district a city leader narrows the ranking to (None when unknown or not allowed)."""
    if scope is None or scope.level != CITY or district_id is None:
        return None
    return next((d for d in districts() if d.id == district_id), None)


def is_city_service_office(office: Office | None) -> bool:
    return (office is not None and office.kind == OfficeKind.SERVICE_OFFICE
            and office.level == OfficeLevel.CITY)


def may_edit_weights(user) -> bool:
    return is_city_service_office(getattr(user, "office", None)) and user.has_any_role(("leader", "admin"))


def may_see_district(user, district_id: int | None) -> bool:
    """A bulletin of `district_id` (None = the city's): the city's leaders see all, a district's
    leaders their own district's."""
    scope = scope_for(user)
    if scope is None:
        return False
    if scope.level == CITY:
        return True
    return scope.level == DISTRICT and district_id is not None and scope.office_id == district_id
