"""Effective-dated weights of the combined score (issue 22 §2). A change is a new weight set
with its own valid_from — the sets in force for past periods are never rewritten — and a
period is scored with the set in force on its last day. Without any set the defaults of the
indicator registry apply."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ...core import audit, clock
from ...core.errors import ConcurrentEdit, DomainError
from ...extensions import db
from ..models import Direction, RankingWeight, RankingWeightSet
from . import figures

TOTAL = Decimal(100)


@dataclass(frozen=True)
class Weights:
    """The weights applied to a period: from a stored set, or the defaults (set None)."""
    weights: dict
    directions: dict
    weight_set: RankingWeightSet | None

    @property
    def label(self) -> str:
        s = self.weight_set
        return f"{s.name}（第{s.version}版，{s.valid_from.year}年{s.valid_from.month}月{s.valid_from.day}日起）" if s else "默认权重"


def defaults() -> Weights:
    registry = figures.indicators()
    return Weights({i.key: float(i.default_weight) for i in registry}, {i.key: i.direction for i in registry}, None)


def in_force(day: date) -> Weights:
    """The set in force on `day`: the latest valid_from on or before it (a later version wins a tie)."""
    found = db.session.scalar(select(RankingWeightSet).where(RankingWeightSet.valid_from <= day)
                              .order_by(RankingWeightSet.valid_from.desc(), RankingWeightSet.version.desc()).limit(1))
    if found is None:
        return defaults()
    return Weights(found.weights(), {k: Direction(v).value for k, v in found.directions().items()}, found)


def history() -> list[RankingWeightSet]:
    return list(db.session.scalars(select(RankingWeightSet).order_by(RankingWeightSet.version.desc())))


def latest_version() -> int:
    return db.session.scalar(select(func.max(RankingWeightSet.version))) or 0


def _parse_weight(key: str, text) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        raise DomainError("权重应为数字，例如 25 或 12.5。", field=f"weight_{key}") from None
    if not value.is_finite():
        raise DomainError("权重应为数字，例如 25 或 12.5。", field=f"weight_{key}")
    if value < 0:
        raise DomainError("权重不能为负数。", field=f"weight_{key}")
    if value > TOTAL or value != value.quantize(Decimal("0.01")):
        raise DomainError("权重应在 0 到 100 之间，最多两位小数。", field=f"weight_{key}")
    return value


def create_set(*, name: str, valid_from: date, weights: dict, directions: dict, based_on: int | None,
               actor) -> RankingWeightSet:
    """Validate and store a new set. `based_on` is the version the editor saw: a set saved by
    someone else in between is a concurrent edit (the form keeps the input)."""
    name = (name or "").strip()
    if not name:
        raise DomainError("请填写名称。", field="name")
    if len(name) > 100:
        raise DomainError("名称不能超过100字。", field="name")
    if valid_from < clock.today():
        raise DomainError("生效日期不能早于今天：已过去的期间按当时的权重排名，不被改写。", field="valid_from")
    parsed, dirs = {}, {}
    for item in figures.indicators():
        parsed[item.key] = _parse_weight(item.key, weights.get(item.key, ""))
        direction = directions.get(item.key, item.direction)
        if direction not in (d.value for d in Direction):
            raise DomainError("请选择方向。", field=f"direction_{item.key}")
        dirs[item.key] = direction
    if sum(parsed.values()) != TOTAL:
        raise DomainError(f"各项权重之和应为100，当前为{sum(parsed.values()):g}。", field="total")
    current = latest_version()
    if based_on is None or based_on != current:
        raise ConcurrentEdit("权重已被他人修改（已有第{}版），请刷新后重试（您的输入已保留）。".format(current))
    weight_set = RankingWeightSet(name=name, valid_from=valid_from, version=current + 1,
                                  created_by_id=getattr(actor, "id", None), created_at=clock.now())
    weight_set.rows = [RankingWeight(position=n, indicator_key=k, weight=float(v), direction=Direction(dirs[k]))
                       for n, (k, v) in enumerate(parsed.items())]
    try:
        with db.session.begin_nested():
            db.session.add(weight_set)
            db.session.flush()
    except IntegrityError:  # another editor took the same version number at the same moment
        raise ConcurrentEdit("权重已被他人修改，请刷新后重试（您的输入已保留）。") from None
    audit.record("rankings.weights_set", subject=weight_set, actor=actor,
                 after={"name": name, "valid_from": valid_from.isoformat(), "version": weight_set.version,
                        "weights": {k: float(v) for k, v in parsed.items()}, "directions": dirs})
    return weight_set
