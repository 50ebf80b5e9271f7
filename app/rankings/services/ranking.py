"""The ranking of units or districts for a period (issue 22 §2): the figures of every indicator,
their 0–100 scores, the combined score with the weights in force at the period's end, the rank,
and the 环比 / 同比 change of the combined score (each period scored with its own weights)."""
from dataclasses import dataclass

from ...core import excel
from ...leaders.services.scope import Scope
from . import figures, scoring, weights
from .figures import DISTRICTS, UNITS, Entity, is_city
from .periods import Period


@dataclass
class Row:
    entity: Entity
    scored: scoring.Scored
    mom: float | None       # 环比: change against the previous period, in points
    yoy: float | None       # 同比: change against the same period last year
    mom_rank: int | None    # places gained (+) or lost (−) against the previous period
    link: str               # the entity's drill-down ("" for none)
    links: dict             # indicator → the records behind its figure


@dataclass
class Ranking:
    level: str
    period: Period
    scope: Scope
    weights: weights.Weights
    rows: list[Row]

    @property
    def indicators(self):
        return [i for i in figures.indicators() if self.weights.weights.get(i.key, 0) > 0]

    @property
    def title(self) -> str:
        return f"{self.period.label}{self.scope.label}{figures.LEVELS[self.level]}综合排名"


def level_for(scope: Scope, level: str) -> str:
    """A district (or department) leader compares the units in the scope only."""
    return UNITS if not is_city(scope) or level not in (UNITS, DISTRICTS) else level


def _scored(level: str, period: Period, compared: list[Entity], scope: Scope) -> dict[int, scoring.Scored]:
    applied = weights.in_force(period.last_day)
    rows = scoring.score(figures.figures(level, period, compared, scope), applied.weights, applied.directions)
    return {row.entity_id: row for row in rows}


def build(level: str, period: Period, scope: Scope) -> Ranking:
    level = level_for(scope, level)
    weighted = [k for k, w in weights.in_force(period.last_day).weights.items() if w > 0]
    compared = figures.entities(level, period, scope, weighted)
    now = _scored(level, period, compared, scope)
    before = _scored(level, period.previous(), compared, scope)
    year_ago = _scored(level, period.last_year(), compared, scope)
    by_id = {e.id: e for e in compared}
    rows = []
    for entity_id, scored in now.items():  # already in rank order
        prev = before.get(entity_id)
        rows.append(Row(
            by_id[entity_id], scored,
            scoring.change(scored.combined, prev.combined if prev else None),
            scoring.change(scored.combined, year_ago[entity_id].combined if entity_id in year_ago else None),
            (prev.rank - scored.rank) if prev and prev.rank and scored.rank else None,
            figures.drill_url(level, by_id[entity_id], period),
            {k: figures.drill_url(level, by_id[entity_id], period, k) for k in scored.values},
        ))
    return Ranking(level, period, scope, weights.in_force(period.last_day), rows)


def chart_option(ranking: Ranking) -> dict:
    """ECharts bars of the combined score; a bar opens the entity's drill-down."""
    ranked = [r for r in ranking.rows if r.scored.combined is not None]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 20, "bottom": 90, "top": 30},
        "xAxis": {"type": "category", "data": [r.entity.name for r in ranked],
                  "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": {"type": "value", "name": "综合得分", "max": 100},
        "series": [{"type": "bar", "name": "综合得分",
                    "data": [{"value": r.scored.combined, **({"url": r.link} if r.link else {})} for r in ranked]}],
    }


def arrow(change: float | None) -> str:
    """↑ 3.5 / ↓ 1.2 / → 0; "—" when there is nothing to compare with."""
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change:g}"
    if change < 0:
        return f"↓{-change:g}"
    return "→0"


def excel_sheet(ranking: Ranking) -> excel.Sheet:
    columns = [excel.Column("排名", lambda r: r.scored.rank or "—", 8),
               excel.Column("名称", lambda r: r.entity.name, 30)]
    for item in ranking.indicators:
        columns.append(excel.Column(f"{item.label}{item.unit}", lambda r, k=item.key: r.scored.values.get(k), 12))
        columns.append(excel.Column(f"{item.label}得分", lambda r, k=item.key: r.scored.scores.get(k), 12))
    columns += [excel.Column("综合得分", lambda r: r.scored.combined, 10),
                excel.Column("环比", lambda r: arrow(r.mom), 10),
                excel.Column("同比", lambda r: arrow(r.yoy), 10)]
    return excel.Sheet("综合排名", columns, ranking.rows, caption=f"{ranking.title}（{ranking.weights.label}）")
