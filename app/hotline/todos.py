"""我的待办 for the hotline roles: the user's first queue, nearest limit first, with a LIMIT,
and one summary item with its total."""
from flask import url_for

from ..core import deadlines
from ..core.navigation import TODO_LIMIT, TodoItem
from .models import WorkOrder
from .services import queries


def for_user(user) -> list[TodoItem]:
    queue, rows, total = queries.todo_rows(user, TODO_LIMIT)
    if not queue or not total:
        return []
    lights = deadlines.lights_for(WorkOrder.__tablename__, [o.id for o in rows])
    label = dict(queries.queues_for(user))[queue]
    items = [TodoItem(f"热线工单{o.number}（{o.state.label}）：{o.title}", url_for("hotline.show", order_id=o.id),
                      1, lights[o.id].color, o.due_at) for o in rows]
    items.append(TodoItem(f"热线工单 · {label}", url_for("hotline.index", queue=queue), total,
                          "yellow" if any(lights[o.id].color != "green" for o in rows) else "green", summary=True))
    return items
