"""Scores of a ranking (issue 22 §2). Each indicator is normalised to 0–100 across the compared
units (min–max: the best gets 100, the worst 0; higher-is-better or lower-is-better per
indicator); the combined score is the weighted sum with the weights in force on the period's
last day. A unit without a figure for an indicator is scored on the indicators it has: its
weights are re-scaled to 100, so no data is neither a penalty nor a bonus."""
from dataclasses import dataclass, field

HIGHER, LOWER = "higher", "lower"


def normalise(values: dict, direction: str) -> dict:
    """{entity: value or None} → {entity: 0–100 or None}. Equal values all score 100."""
    present = {k: v for k, v in values.items() if v is not None}
    if not present:
        return {k: None for k in values}
    low, high = min(present.values()), max(present.values())
    result = {}
    for key, value in values.items():
        if value is None:
            result[key] = None
        elif high == low:
            result[key] = 100.0
        elif direction == LOWER:
            result[key] = round(100.0 * (high - value) / (high - low), 2)
        else:
            result[key] = round(100.0 * (value - low) / (high - low), 2)
    return result


@dataclass
class Scored:
    entity_id: int
    values: dict = field(default_factory=dict)      # indicator → raw figure (or None)
    scores: dict = field(default_factory=dict)      # indicator → 0–100 (or None)
    combined: float | None = None
    rank: int | None = None


def combine(scores: dict, weights: dict) -> float | None:
    """Weighted sum of one entity's indicator scores; weights of missing figures re-scaled."""
    used = {k: w for k, w in weights.items() if w > 0 and scores.get(k) is not None}
    total = sum(used.values())
    if not total:
        return None
    return round(sum(scores[k] * w for k, w in used.items()) / total, 2)


def rank(rows: list[Scored]) -> list[Scored]:
    """Sort by combined score, best first; equal scores share a rank (1, 1, 3); no score, no rank."""
    rows.sort(key=lambda r: (r.combined is None, -(r.combined or 0), r.entity_id))
    previous, position = None, 0
    for index, row in enumerate(rows, start=1):
        if row.combined is None:
            row.rank = None
            continue
        if row.combined != previous:
            position, previous = index, row.combined
        row.rank = position
    return rows


def score(figures: dict, weights: dict, directions: dict) -> list[Scored]:
    """figures {entity: {indicator: value}} → ranked Scored rows."""
    indicators = [k for k in weights if weights[k] > 0]
    rows = {entity: Scored(entity, dict(values)) for entity, values in figures.items()}
    for key in indicators:
        normalised = normalise({e: v.get(key) for e, v in figures.items()}, directions.get(key, HIGHER))
        for entity, value in normalised.items():
            rows[entity].scores[key] = value
    for row in rows.values():
        row.combined = combine(row.scores, weights)
    return rank(list(rows.values()))


def change(now: float | None, before: float | None) -> float | None:
    """环比 / 同比 change in points; None ("—") when either side has no figure."""
    if now is None or before is None:
        return None
    return round(now - before, 2)
