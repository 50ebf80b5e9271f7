"""Where the rankings get their figures: the leaders' statistics service, and nothing else.

Rankings compute no figure of their own: every value is `stats.by_office(...)` over the period
and the scope (the daily rollup of the indicator registry, app/leaders). The indicators that can
be ranked are the registry's rates and averages (a count grows with a unit's size and says
nothing about its work); which way is better comes from the registry too."""
from dataclasses import dataclass
from urllib.parse import urlencode

from ...accounts.models import Office
from ...extensions import db
from ...leaders import indicators as registry
from ...leaders.services import stats
from ...leaders.services.scope import CITY, Scope, districts
from .periods import Period

UNITS, DISTRICTS = "units", "districts"
LEVELS = {UNITS: "单位", DISTRICTS: "各区"}
RANKED_UNITS = (registry.PERCENT, registry.MINUTES)
# The weights when none is set: HOT-17 timeliness and satisfaction, the 办件's and 好差评's.
DEFAULT_WEIGHTS = {"hotline_on_time": 25, "hotline_satisfaction": 25, "matter_on_time": 25,
                   "review_satisfaction": 25}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    direction: str  # "higher" / "lower": which way is better
    default_weight: float


def indicators() -> tuple[Indicator, ...]:
    return tuple(Indicator(i.key, i.label, registry.UNIT_LABELS[i.unit], "higher" if i.higher_is_better else "lower",
                           DEFAULT_WEIGHTS.get(i.key, 0))
                 for i in registry.REGISTRY.values() if i.unit in RANKED_UNITS)


@dataclass(frozen=True)
class Entity:
    id: int
    name: str


def _keys() -> list[str]:
    return [i.key for i in indicators()]


def _column(level: str) -> str:
    return "district" if level == DISTRICTS else "unit"


def entities(level: str, period: Period, scope: Scope, keys=None) -> list[Entity]:
    """The compared: every district (a city ranking), or the units with a figure in the period
    for one of `keys` (the weighted indicators; all rankable ones when None)."""
    if level == DISTRICTS:
        return [Entity(d.id, d.name) for d in districts()]
    ids = set()
    for key in keys if keys is not None else _keys():
        found = stats.by_office(key, period.start, period.until, scope, level="unit")
        ids |= {office for office, figure in found.items() if office and figure.value is not None}
    offices = [db.session.get(Office, i) for i in sorted(ids)]
    return [Entity(o.id, o.name) for o in offices if o is not None]


def figures(level: str, period: Period, compared: list[Entity], scope: Scope) -> dict[int, dict]:
    """{entity id: {indicator key: figure or None}} for the period."""
    result = {e.id: {} for e in compared}
    for key in _keys():
        found = stats.by_office(key, period.start, period.until, scope, level=_column(level))
        for entity in compared:
            figure = found.get(entity.id)
            result[entity.id][key] = figure.value if figure is not None else None
    return result


def drill_url(level: str, entity: Entity, period: Period, key: str | None = None) -> str:
    """A figure opens the records behind it (the leaders' records page); a district's name opens
    the ranking of its units. Plain paths: bulletins are made outside requests."""
    if key is None:
        if level != DISTRICTS:
            return ""
        return "/rankings/?" + urlencode({"level": UNITS, "kind": period.kind, "period": period.key,
                                          "district": entity.id})
    if registry.get(key) is None or registry.get(key).drill is None:
        return ""
    where = {"district" if level == DISTRICTS else "office": entity.id}
    return f"/leaders/records/{key}?" + urlencode({"start": period.start.isoformat(),
                                                   "end": period.last_day.isoformat(), **where})


def is_city(scope: Scope) -> bool:
    return scope.level == CITY
