"""The two files of a report version, made from the figures dict: the PDF (GB/T 9704 base,
charts drawn on the server as SVG, issued and stored through app.documents) and the Excel
workbook (one sheet per section, Chinese headers)."""
from ...core import excel
from ...documents import svg_charts
from ...documents.services import issue_document
from . import figures as f

DOCUMENT_KIND = "hotline_analysis_report"


def fmt_rate(value) -> str:
    return "—" if value is None else f"{value:g}%"


def fmt_change(row: dict, which: str) -> str:
    """环比 / 同比 of a compared figure: "+12.5%" of a count, "+1.2个百分点" of a rate."""
    value = row[which]
    if value is None:
        return "—"
    return f"{value:+g}个百分点" if row["kind"] == "rate" else f"{value:+g}%"


def fmt_value(row: dict, key: str = "value") -> str:
    value = row[key]
    if value is None:
        return "—"
    return fmt_rate(value) if row["kind"] == "rate" else str(value)


def _svg(labels, values, **kw) -> str:
    return svg_charts.data_uri(svg_charts.bar_chart(labels, values, **kw))


def pdf_charts(data: dict) -> dict:
    top_units = data["units"][:10]
    return {
        "channel": _svg([r["label"] for r in data["by_channel"]], [r["count"] for r in data["by_channel"]],
                        title="诉求渠道分布（件）", horizontal=True, height_cm=6),
        "type": _svg([r["label"] for r in data["by_type"]], [r["count"] for r in data["by_type"]],
                     title="诉求类型分布（件）", height_cm=6),
        "daily": svg_charts.data_uri(svg_charts.line_chart(
            [d["date"][5:] for d in data["daily"]], {"诉求量": [d["count"] for d in data["daily"]]},
            title="每日诉求量（件）")),
        "units": _svg([u["name"] for u in top_units], [u["dispatched"] for u in top_units],
                      title="派单量前十的承办单位（件）", horizontal=True, height_cm=8) if top_units else "",
    }


def issue_pdf(report, actor, office, data: dict):
    title = f"{report.period_label}12345便民服务热线数据分析报告"
    if report.version > 1:
        title += f"（第{report.version}版）"
    return issue_document(DOCUMENT_KIND, "hotline_reports/pdf/report.html", report, None, actor, title,
                          office=office, data=data, charts=pdf_charts(data), period_label=report.period_label,
                          fmt_rate=fmt_rate, fmt_change=fmt_change, fmt_value=fmt_value)


def _count_columns(name_header: str, name_key: str = "label", count_key: str = "count"):
    return (excel.Column(name_header, lambda r: r[name_key], 28), excel.Column("件数", lambda r: r[count_key], 12))


UNIT_COLUMNS = (
    excel.Column("承办单位", lambda r: r["name"], 30), excel.Column("所属区域", lambda r: r["district"], 12),
    excel.Column("派单数", lambda r: r["dispatched"], 10), excel.Column("按时响应率%", lambda r: r["response_rate"], 12),
    excel.Column("办结数", lambda r: r["completed"], 10), excel.Column("按期办结率%", lambda r: r["on_time_rate"], 12),
    excel.Column("退单数", lambda r: r["returned"], 10), excel.Column("延期数", lambda r: r["extended"], 10),
    excel.Column("评价数（申诉后）", lambda r: r["rated"], 14),
    excel.Column("满意率%（申诉后）", lambda r: r["satisfaction_rate"], 14),
    excel.Column("申诉成立", lambda r: r["appeals_upheld"], 10),
)
DISTRICT_COLUMNS = (excel.Column("区域", lambda r: r["name"], 16), excel.Column("单位数", lambda r: r["units"], 10),
                    *UNIT_COLUMNS[2:])
COMPARE_COLUMNS = (
    excel.Column("指标", lambda r: r["label"], 20), excel.Column("本期", lambda r: fmt_value(r), 14),
    excel.Column("上期", lambda r: fmt_value(r, "previous"), 14), excel.Column("环比", lambda r: fmt_change(r, "mom"), 16),
    excel.Column("去年同期", lambda r: fmt_value(r, "year_ago"), 14),
    excel.Column("同比", lambda r: fmt_change(r, "yoy"), 16),
)


def workbook(report, data: dict) -> bytes:
    caption = f"{report.period_label}12345便民服务热线数据分析（第{report.version}版）"
    return excel.workbook(
        excel.Sheet("总体情况", COMPARE_COLUMNS, data["compare"], caption=caption),
        excel.Sheet("渠道", _count_columns("渠道"), data["by_channel"], caption=caption),
        excel.Sheet("类型", _count_columns("诉求类型"), data["by_type"], caption=caption),
        excel.Sheet("受理方式", _count_columns("受理方式"), data["by_triage"], caption=caption),
        excel.Sheet("每日诉求量", (excel.Column("日期", lambda r: r["date"], 14),
                                excel.Column("件数", lambda r: r["count"], 10)), data["daily"], caption=caption),
        excel.Sheet("承办单位", UNIT_COLUMNS, data["units"], caption=caption),
        excel.Sheet("区域", DISTRICT_COLUMNS, data["districts"], caption=caption),
        excel.Sheet("满意度", _count_columns("评价（申诉后）"), data["satisfaction"], caption=caption),
        excel.Sheet("督办", _count_columns("督办原因"), data["duban"], caption=caption),
        excel.Sheet("申诉", _count_columns("审核结果"), data["appeals"], caption=caption),
        excel.Sheet("热点词", _count_columns("热点词", "term"), data["terms"], caption=caption),
        excel.Sheet("集中反映", (excel.Column("相似诉求件数", lambda r: r["size"], 14),
                             excel.Column("诉求", lambda r: r["title"], 40),
                             excel.Column("工单编号（前5件）", lambda r: "、".join(r["numbers"]), 60)),
                    data["clusters"], caption=caption),
    )
