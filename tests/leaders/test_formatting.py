"""Chinese number formats of the leaders' pages (千分位, 万) and figures with their units."""
from datetime import date

from app.leaders.formatting import cn_figure, cn_month, cn_number
from app.leaders.services.stats import Figure


def test_numbers_use_thousands_separators_then_wan():
    assert cn_number(9876) == "9,876"
    assert cn_number(12345) == "1.23万"
    assert cn_number(1_000_000) == "100万"
    assert cn_number(2.5) == "2.5"
    assert cn_number(None) == "—"


def test_figures_carry_their_unit():
    assert cn_figure(Figure("hotline_volume", 23456, 0)) == "2.35万件"
    assert cn_figure(Figure("hotline_satisfaction", 9, 10)) == "90.0%"
    assert cn_figure(Figure("hotline_satisfaction", 0, 0)) == "—"
    assert cn_figure(Figure("hall_wait", 25, 2)) == "12.5分钟"
    assert cn_month(date(2026, 12, 3)) == "2026年12月"
