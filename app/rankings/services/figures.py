"""Where the rankings get their figures: the one interface of this package to the statistics.

Rankings never compute a figure of their own. The unit figures of the 12345 hotline come from
the monthly unit evaluation (HOT-17, hotline_followup.services.evaluation): a quarter or year
sums its monthly counts and the evaluation's own rate formulas apply to the sums; a district
sums the counts of its units. Everything else in this package goes through `indicators()`,
`entities()`, `figures()` and `drill_url()`."""
from dataclasses import dataclass
from urllib.parse import urlencode

from ...accounts.models import Office
from ...accounts.roles import OfficeLevel
from ...extensions import db
from ...hotline.services import access as hotline_access
from ...hotline_followup.services import evaluation
from .periods import Period

UNITS, DISTRICTS = "units", "districts"
LEVELS = {UNITS: "承办单位", DISTRICTS: "各区"}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    direction: str  # "higher" / "lower": which way is better
    default_weight: float


# HOT-17: response, resolution (on time), satisfaction; returns count against a unit.
INDICATORS = (
    Indicator("response_rate", "按时签收率", "%", "higher", 25),
    Indicator("on_time_rate", "按时办结率", "%", "higher", 30),
    Indicator("satisfaction_rate", "满意率", "%", "higher", 35),
    Indicator("return_rate", "退单率", "%", "lower", 10),
)


def indicators() -> tuple[Indicator, ...]:
    return INDICATORS


def indicator(key: str) -> Indicator | None:
    return next((i for i in INDICATORS if i.key == key), None)


@dataclass(frozen=True)
class Entity:
    id: int
    name: str
    district_id: int | None


def district_of(office: Office | None) -> Office | None:
    """The top district-level office above (or being) `office`: 和平区市场监督管理局 → 和平区人民政府."""
    found, node = None, office
    while node is not None:
        if node.level == OfficeLevel.DISTRICT:
            found = node
        node = node.parent
    return found


def entities(level: str, district_id: int | None = None) -> list[Entity]:
    """The compared units (optionally of one district) or the districts that have units."""
    units = [Entity(u.id, u.name, getattr(district_of(u), "id", None)) for u in hotline_access.dispatch_units()]
    if district_id is not None:
        units = [u for u in units if u.district_id == district_id]
    if level == UNITS:
        return units
    ids = sorted({u.district_id for u in units if u.district_id is not None})
    return [Entity(d.id, d.name, d.id) for d in (db.session.get(Office, i) for i in ids)]


def _summed_counts(period: Period) -> dict[int, dict]:
    totals: dict[int, dict] = {}
    for month in period.months():
        for row in evaluation.month_figures(month):
            counts = totals.setdefault(row.unit_id, {})
            for key, n in row.c.items():
                counts[key] = counts.get(key, 0) + n
    return totals


def figures(level: str, period: Period, compared: list[Entity]) -> dict[int, dict]:
    """{entity id: {indicator key: figure or None}} for the period."""
    counts = _summed_counts(period)
    if level == DISTRICTS:
        units = entities(UNITS)
        grouped: dict[int, dict] = {}
        for unit in units:
            target = grouped.setdefault(unit.district_id, {})
            for key, n in counts.get(unit.id, {}).items():
                target[key] = target.get(key, 0) + n
        counts = grouped
    result = {}
    for entity in compared:
        month = evaluation.UnitMonth(entity.id, entity.name, counts.get(entity.id, {}))
        result[entity.id] = {i.key: getattr(month, i.key) for i in INDICATORS}
    return result


def drill_url(level: str, entity: Entity, period: Period, key: str | None = None) -> str:
    """Where a figure leads: a district's figure opens the ranking of its units."""
    if level == DISTRICTS:
        query = {"level": UNITS, "kind": period.kind, "period": period.key, "district": entity.id}
        return "/rankings/?" + urlencode(query)  # a plain path: bulletins are made outside requests
    return ""
