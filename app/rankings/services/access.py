"""Who sees which rankings and bulletins (SEC-2): a city leader sees every district and unit; a
district leader sees the units of the district and the district's bulletin only. The weights
are set by the city service office (政务服务办), whose leaders and administrators edit them."""
from dataclasses import dataclass

from ...accounts.models import Office
from ...accounts.roles import OfficeKind, OfficeLevel
from .figures import district_of


@dataclass(frozen=True)
class Scope:
    district: Office | None  # None: the whole city

    @property
    def city(self) -> bool:
        return self.district is None

    @property
    def district_id(self) -> int | None:
        return self.district.id if self.district is not None else None


def scope_for(user) -> Scope:
    return Scope(district_of(getattr(user, "office", None)))


def is_city_service_office(office: Office | None) -> bool:
    return (office is not None and office.kind == OfficeKind.SERVICE_OFFICE
            and office.level == OfficeLevel.CITY)


def may_edit_weights(user) -> bool:
    return is_city_service_office(getattr(user, "office", None)) and user.has_any_role(("leader", "admin"))


def may_see_district(user, district_id: int | None) -> bool:
    """A bulletin or ranking of `district_id` (None = the city's)."""
    scope = scope_for(user)
    return scope.city or scope.district_id == district_id

