"""Charts for printed documents (bulletins, analysis reports): drawn on the server with
matplotlib and embedded in the PDF as SVG (vector, sharp at any zoom).

The glyphs are written as paths, so the SVG needs no font at render time; the CJK face comes
from the system packages (fonts-noto-cjk, scripts/system-packages.sh). Screens draw their
charts with ECharts (_macros/charts.html); this module is for paper only.
"""
import base64
import io
from functools import lru_cache
from typing import Sequence

import matplotlib

matplotlib.use("Agg")  # no display on a server; must come before pyplot
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot  # noqa: E402

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UKai CN")
PALETTE = ("#b22222", "#1f5fa8", "#3a8d3a", "#d08a00", "#6b4c9a", "#5b6770")


@lru_cache(maxsize=1)
def cjk_family() -> str:
    """The first installed CJK family matplotlib can use; "sans-serif" when there is none."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FAMILIES if name in installed), "sans-serif")


def _figure(width_cm: float, height_cm: float):
    pyplot.rcParams.update({
        "font.family": cjk_family(), "svg.fonttype": "path", "axes.unicode_minus": False,
        "svg.hashsalt": "gov-svc", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
    })
    return pyplot.subplots(figsize=(width_cm / 2.54, height_cm / 2.54))


def _to_svg(figure) -> str:
    buffer = io.StringIO()
    figure.tight_layout()
    figure.savefig(buffer, format="svg", metadata={"Date": None})  # no timestamp: stable output
    pyplot.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: embeddable inline


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "",
              unit: str = "", horizontal: bool = False, width_cm: float = 15,
              height_cm: float = 7) -> str:
    """One series of bars with its value written on each bar; returns SVG markup."""
    figure, axes = _figure(width_cm, height_cm)
    positions = range(len(labels))
    draw = axes.barh if horizontal else axes.bar
    bars = draw(positions, values, color=PALETTE[0])
    (axes.set_yticks if horizontal else axes.set_xticks)(list(positions), list(labels))
    if horizontal:
        axes.invert_yaxis()
    axes.bar_label(bars, labels=[f"{value:g}{unit}" for value in values], fontsize=8)
    if title:
        axes.set_title(title)
    return _to_svg(figure)


def line_chart(x_labels: Sequence[str], series: dict[str, Sequence[float | None]], *,
               title: str = "", unit: str = "", width_cm: float = 15,
               height_cm: float = 7) -> str:
    """Several named lines over the same x labels (None leaves a gap); returns SVG markup."""
    figure, axes = _figure(width_cm, height_cm)
    for index, (name, values) in enumerate(series.items()):
        points = [float("nan") if value is None else value for value in values]
        axes.plot(list(x_labels), points, marker="o", markersize=3, label=name,
                  color=PALETTE[index % len(PALETTE)])
    if unit:
        axes.set_ylabel(unit)
    if len(series) > 1:
        axes.legend(frameon=False)
    if title:
        axes.set_title(title)
    axes.tick_params(axis="x", labelrotation=45 if len(x_labels) > 8 else 0)
    return _to_svg(figure)


def data_uri(svg: str) -> str:
    """The SVG as an <img src> value, for templates that prefer an image to inline markup."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
