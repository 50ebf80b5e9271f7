"""Warning and overdue reminders for the objection and repair clocks (NTF-2: publicity ends)."""
from datetime import datetime

from sqlalchemy import or_, select

from ..accounts.models import users_with_role
from ..core import clock, deadlines
from ..extensions import db
from ..notify.models import Channel as NotifyChannel
from ..notify.outbox import queue
from .models import Objection, RepairApplication
from .services import DECIDE, PUBLICITY, UPDATE, cn_date, procedure_path

STEP_TEXT = {DECIDE: "作出决定", PUBLICITY: "公示", UPDATE: "更新信用信息"}


def remind_due(now: datetime | None = None) -> int:
    """Queue reminders for the credit clocks that reached their warning or passed their due
    time. Idempotent (one message per clock, stage and officer); reads only the open clocks that
    are due, through the (state, warn_at) / (state, due_at) indexes."""
    now = now or clock.now()
    open_states = [deadlines.DeadlineState.OPEN, deadlines.DeadlineState.WARNED, deadlines.DeadlineState.OVERDUE]
    rows = db.session.scalars(select(deadlines.Deadline).where(
        deadlines.Deadline.state.in_(open_states), deadlines.Deadline.kind.like("credit.%"),
        or_(deadlines.Deadline.warn_at <= now, deadlines.Deadline.due_at < now)))
    models = {"credit_objection": Objection, "credit_repair": RepairApplication}
    sent = 0
    for row in rows:
        procedure = db.session.get(models[row.subject_type], row.subject_id)
        step = row.kind.rsplit(".", 1)[1]
        if procedure is None or step == PUBLICITY:
            continue
        stage = "overdue" if row.due_at < now else "warn"
        due = clock.to_local(row.due_at)
        text = (f"{procedure.record.party.name}：{STEP_TEXT[step]}"
                + (f"已超期（期限{cn_date(due.date())}）" if stage == "overdue" else f"将于{cn_date(due.date())}到期"))
        for officer in users_with_role(procedure.record.office_id, "credit_officer"):
            queue(key=f"{row.kind}:{procedure.id}:{stage}:{officer.id}", channel=NotifyChannel.IN_APP,
                  user=officer, text=text, link=procedure_path(procedure))
            sent += 1
    return sent
