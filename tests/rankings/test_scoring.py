"""Normalisation and the combined score, by hand-computed examples."""
import pytest

from app.rankings.services import scoring


def test_min_max_higher_is_better():
    # 60 → 0, 80 → (80-60)/(90-60) = 66.67, 90 → 100
    assert scoring.normalise({1: 60, 2: 80, 3: 90}, "higher") == {1: 0.0, 2: 66.67, 3: 100.0}


def test_min_max_lower_is_better():
    # return rate: 2% best (100), 10% worst (0), 4% → (10-4)/(10-2) = 75
    assert scoring.normalise({1: 2, 2: 10, 3: 4}, "lower") == {1: 100.0, 2: 0.0, 3: 75.0}


def test_missing_and_equal_values():
    assert scoring.normalise({1: 50, 2: None, 3: 50}, "higher") == {1: 100.0, 2: None, 3: 100.0}
    assert scoring.normalise({1: None}, "higher") == {1: None}


def test_combined_score_weighted_and_rescaled_for_missing_figures():
    weights = {"a": 60, "b": 40}
    assert scoring.combine({"a": 50, "b": 100}, weights) == 70.0    # 0.6*50 + 0.4*100
    assert scoring.combine({"a": 50, "b": None}, weights) == 50.0   # only a: its weight re-scaled
    assert scoring.combine({"a": None, "b": None}, weights) is None


def test_score_and_rank_by_hand():
    figures = {
        1: {"sat": 90, "ret": 5},   # sat 100, ret 50  → 0.7*100 + 0.3*50 = 85
        2: {"sat": 70, "ret": 2},   # sat 0,   ret 100 → 0 + 30 = 30
        3: {"sat": 80, "ret": 8},   # sat 50,  ret 0   → 35
    }
    rows = scoring.score(figures, {"sat": 70, "ret": 30}, {"sat": "higher", "ret": "lower"})
    assert [(r.entity_id, r.combined, r.rank) for r in rows] == [(1, 85.0, 1), (3, 35.0, 2), (2, 30.0, 3)]
    assert rows[0].scores == {"sat": 100.0, "ret": 50.0} and rows[0].values == {"sat": 90, "ret": 5}


def test_ties_share_a_rank_and_no_score_no_rank():
    rows = scoring.rank([scoring.Scored(1, combined=80), scoring.Scored(2, combined=80),
                         scoring.Scored(3, combined=50), scoring.Scored(4, combined=None)])
    assert [(r.entity_id, r.rank) for r in rows] == [(1, 1), (2, 1), (3, 3), (4, None)]


def test_zero_weight_indicator_is_left_out():
    rows = scoring.score({1: {"a": 1, "b": 9}, 2: {"a": 2, "b": 1}}, {"a": 100, "b": 0}, {"a": "higher"})
    assert [(r.entity_id, r.combined) for r in rows] == [(2, 100.0), (1, 0.0)]


@pytest.mark.parametrize("now,before,expected", [(80, 75.5, 4.5), (70, 80, -10), (None, 80, None), (80, None, None)])
def test_change(now, before, expected):
    assert scoring.change(now, before) == expected
