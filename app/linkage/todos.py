"""我的待办 entries for coordinators: a reminded or overdue weekly note, open problems
(LNK-4, LNK-5)."""
from datetime import timedelta

from flask import url_for

from ..core import clock
from ..core.navigation import TodoItem
from .models import ProblemState
from .services import access, meetings, reconcile, registry, weekly


def for_user(user) -> list[TodoItem]:
    if not user.has_role("coordinator"):
        return []
    items = []
    coordinator = registry.active_coordinator_for(user)
    if coordinator is not None:
        this_week = weekly.week_start(clock.today())
        for week in (this_week - timedelta(days=7), this_week):
            label, light = weekly.note_state(weekly.note_for(coordinator, week), week, clock.now(),
                                             coordinator)
            if label in ("待填报", "已逾期") and light != "green":  # after the reminder
                items.append(TodoItem(f"审管联动周工作记录（{week.month}月{week.day}日所在周）{label}",
                                      url_for("linkage.weekly_edit", week=week.isoformat()), 1, light))
    month = clock.today().replace(day=1)
    missing = [u for u in meetings.units_without_meeting(month) if access.can_manage_unit(user, u)]
    if missing:  # LNK-6: at least one consultation a month
        items.append(TodoItem(f"{month.month}月审管联动集中会商尚未召开", url_for("linkage.meeting_list"),
                              len(missing), "yellow"))
    open_problems = [p for p in reconcile.problems_for(user) if p.state != ProblemState.RESOLVED]
    if open_problems:
        items.append(TodoItem("审管联动未解决问题", url_for("linkage.reconcile_today"), len(open_problems), "yellow"))
    return items
