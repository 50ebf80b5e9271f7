"""Chinese number and date formats of the leaders' pages, in one place (template filters):
千分位 below 10 000, 万 above (1.23万), percents and minutes with one decimal, months as
2026年12月. Days use the app's cndate filter (2026年12月3日)."""
from datetime import date

from .indicators.base import COUNT, MINUTES, PERCENT


def cn_number(value) -> str:
    """12,345 → 1.23万; 9,876 → 9,876; 1.5 → 1.5; None → —."""
    if value is None:
        return "—"
    if abs(value) >= 10000:
        return f"{value / 10000:,.2f}".rstrip("0").rstrip(".") + "万"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def cn_figure(figure) -> str:
    """A Figure with its unit: 1,234件 / 96.5% / 12.5分钟 / — (no base)."""
    value = figure.value
    if value is None:
        return "—"
    if figure.unit == PERCENT:
        return f"{value:.1f}%"
    if figure.unit == MINUTES:
        return f"{value:.1f}分钟"
    return cn_number(value) + ("件" if figure.unit == COUNT else "")


def cn_month(value: date) -> str:
    return f"{value.year}年{value.month}月"


def cn_short_day(value: date) -> str:
    return f"{value.month}月{value.day}日"


def init_app(app) -> None:
    app.add_template_filter(cn_number, "cnnum")
    app.add_template_filter(cn_figure, "cnfigure")
    app.add_template_filter(cn_month, "cnmonth")
    app.add_template_filter(cn_short_day, "cnshortday")
