"""A stand-in statistics source for the ranking rules: fixed entities and figures per period,
so the scores can be computed by hand (the real source is tested in test_bulletin.py)."""
from datetime import date

import pytest

from app.core import clock
from app.rankings.models import Direction, RankingWeight, RankingWeightSet
from app.rankings.services import figures
from app.rankings.services.figures import Entity
from app.extensions import db


class Source:
    def __init__(self):
        self.units = [(Entity(101, "甲单位"), 1), (Entity(102, "乙单位"), 1), (Entity(103, "丙单位"), 2)]
        self.by_period: dict[str, dict] = {}

    def entities(self, level, period, scope, keys=None):
        return [u for u, district in self.units if scope.level == "city" or district == scope.office_id]

    def figures(self, level, period, compared, scope):
        table = self.by_period.get(period.key, {})
        return {e.id: dict(table.get(e.id, {})) for e in compared}


@pytest.fixture
def source(monkeypatch):
    fake = Source()
    monkeypatch.setattr(figures, "entities", fake.entities)
    monkeypatch.setattr(figures, "figures", fake.figures)
    return fake


def weight_set(version: int, valid_from: date, weights: dict, name="测试权重") -> RankingWeightSet:
    """A stored set as history has it (the service refuses a valid_from in the past)."""
    stored = RankingWeightSet(name=name, valid_from=valid_from, version=version, created_at=clock.now())
    stored.rows = [RankingWeight(position=n, indicator_key=i.key, weight=weights.get(i.key, 0),
                                 direction=Direction(i.direction)) for n, i in enumerate(figures.indicators())]
    db.session.add(stored)
    db.session.flush()
    return stored
