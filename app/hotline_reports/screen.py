"""The report page's ECharts options, made from a version's stored figures. A bar of a channel
or type links to the centre's order search with that filter, for those who may open it."""
from flask import url_for


def _bars(rows: list[dict], name: str, link=None, horizontal: bool = False) -> dict:
    data = [{"value": r["count"], **({"url": link(r["key"])} if link else {})} for r in rows]
    categories = {"type": "category", "data": [r["label"] for r in rows]}
    values = {"type": "value", "minInterval": 1}
    return {"tooltip": {"trigger": "axis"}, "grid": {"containLabel": True, "left": 8, "right": 16},
            "xAxis": values if horizontal else categories, "yAxis": categories if horizontal else values,
            "series": [{"type": "bar", "name": name, "data": data, "label": {"show": True}}]}


def options(data: dict, drill_down: bool) -> dict:
    def search(field):
        if not drill_down:
            return None
        return lambda key: url_for("hotline.index", queue="search", **{field: key})

    units = data["units"][:15]
    return {
        "channel": _bars(data["by_channel"], "诉求量", search("channel"), horizontal=True),
        "type": _bars(data["by_type"], "诉求量", search("type")),
        "daily": {"tooltip": {"trigger": "axis"}, "grid": {"containLabel": True, "left": 8, "right": 16},
                  "xAxis": {"type": "category", "data": [d["date"][5:] for d in data["daily"]]},
                  "yAxis": {"type": "value", "minInterval": 1},
                  "series": [{"type": "line", "name": "诉求量", "data": [d["count"] for d in data["daily"]]}]},
        "satisfaction": _bars(data["satisfaction"], "评价数"),
        "units": _bars([{"key": u["id"], "label": u["name"], "count": u["dispatched"]} for u in units], "派单量",
                       horizontal=True),
        "timeliness": {
            "tooltip": {"trigger": "axis"}, "legend": {}, "grid": {"containLabel": True, "left": 8, "right": 16},
            "xAxis": {"type": "category", "data": [u["name"] for u in units]},
            "yAxis": {"type": "value", "max": 100, "name": "%"},
            "series": [{"type": "bar", "name": label, "data": [u[key] for u in units]}
                       for key, label in (("response_rate", "按时响应率"), ("on_time_rate", "按期办结率"),
                                          ("satisfaction_rate", "满意率"))]},
    }
