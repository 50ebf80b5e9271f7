"""Server-side SVG charts for printed documents."""
import re

from app.documents import svg_charts


def test_the_cjk_face_of_the_system_packages_draws_the_labels():
    assert svg_charts.cjk_family() in svg_charts.CJK_FAMILIES


def test_a_bar_chart_draws_one_bar_per_label_and_is_stable():
    svg = svg_charts.bar_chart(["和平区", "河西区", "南开区"], [12, 30, 7], title="工单量", unit="件")
    assert svg.startswith("<svg")
    assert len(re.findall(r'<g id="patch_\d+"', svg)) >= 3 + 1  # three bars and the axes face
    assert svg == svg_charts.bar_chart(["和平区", "河西区", "南开区"], [12, 30, 7], title="工单量", unit="件")


def test_a_line_chart_leaves_a_gap_for_a_missing_month():
    svg = svg_charts.line_chart(["1月", "2月", "3月"], {"满意率": [90.0, None, 95.0], "按期率": [80, 85, 88]})
    assert svg.count('<g id="line2d_') >= 2
    assert svg_charts.data_uri(svg).startswith("data:image/svg+xml;base64,")
