"""Menu entries and to-do providers that modules register in their init_app()."""
from dataclasses import dataclass
from typing import Callable

from flask import current_app


@dataclass(frozen=True)
class MenuItem:
    label: str
    endpoint: str
    roles: frozenset[str]
    group: str = ""


def add_menu_item(app, label: str, endpoint: str, roles, group: str = "") -> None:
    app.extensions.setdefault("menu", []).append(MenuItem(label, endpoint, frozenset(roles), group))


def menu_for(user) -> list[MenuItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [m for m in current_app.extensions.get("menu", []) if user.has_any_role(m.roles)]


TODO_LIMIT = 20  # 我的待办 shows the first 20 by due date; each module's total links to the rest


@dataclass(frozen=True)
class TodoItem:
    """One thing that needs the user (a case, a note: count 1, its due date), or with
    summary=True a module's total that links to its full list."""
    title: str
    url: str
    count: int = 1
    light: str = "green"  # REV-3: green / yellow / red
    due: object = None  # datetime or date of the deadline, for the countdown
    provisional: bool = False
    summary: bool = False


def add_todo_provider(app, provider: Callable[[object], list[TodoItem]]) -> None:
    """provider(user) -> the user's to-do items for the 我的待办 page: at most TODO_LIMIT
    items, nearest due first, read with a LIMIT (never the whole backlog), and a summary item
    per list with its total."""
    app.extensions.setdefault("todo_providers", []).append(provider)


def todos_for(user) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in current_app.extensions.get("todo_providers", []):
        items.extend(provider(user))
    return items


def _due_key(item: TodoItem):
    from datetime import date, datetime, time

    due = item.due
    if isinstance(due, datetime):
        due = due.replace(tzinfo=None) if due.tzinfo is None else due
        return (0, due.timestamp())
    if isinstance(due, date):
        return (0, datetime.combine(due, time(23, 59, 59)).timestamp())
    return (1, 0)


def my_todos(user, limit: int = TODO_LIMIT) -> tuple[list[TodoItem], list[TodoItem]]:
    """(the first `limit` items by due date, the summaries with their totals)."""
    items = todos_for(user)
    single = sorted((i for i in items if not i.summary), key=_due_key)
    return single[:limit], [i for i in items if i.summary]


@dataclass(frozen=True)
class Banner:
    text: str
    level: str = "warning"


def add_banner_provider(app, provider: Callable[[object], list[Banner]]) -> None:
    """provider(user) -> banners shown on every page (e.g. provisional calendar, CAL-1)."""
    app.extensions.setdefault("banner_providers", []).append(provider)


def banners_for(user) -> list[Banner]:
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[Banner] = []
    for provider in current_app.extensions.get("banner_providers", []):
        items.extend(provider(user))
    return items


def add_demo_loader(app, order: int, loader: Callable[[], None]) -> None:
    """loader() adds one module's demo data (run by `flask demo load`, lowest order first).
    Offices come first (order 0); look them up with accounts.models.office_by_code()."""
    app.extensions.setdefault("demo_loaders", []).append((order, loader))


def demo_loaders(app) -> list[Callable[[], None]]:
    return [loader for _, loader in sorted(app.extensions.get("demo_loaders", []), key=lambda x: x[0])]


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict


def add_panel(app, slot: str, provider: Callable[[object, object], Panel | None]) -> None:
    """provider(obj, user) -> a Panel shown in `slot` of another module's page (e.g. the
    supervision part of a commitment case page), so the page's module need not import it."""
    app.extensions.setdefault("panels", {}).setdefault(slot, []).append(provider)


def panels_for(slot: str, obj, user) -> list[Panel]:
    found = (provider(obj, user) for provider in current_app.extensions.get("panels", {}).get(slot, []))
    return [panel for panel in found if panel is not None]
