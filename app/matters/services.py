"""办件 register rules (issue 19 §1). The API other modules call:

open_matter(...)      a window accepts a matter: one row, the committed limit's clock (REV-3)
complete_matter(...)  the result; an approval result is pushed to supervision (LNK-3)
from_commitment_case  receiver of commitment's `case_decided`: the case gets its 办件 row
matter_decided        blinker signal, sender=matter, now=: every approval result (LNK-3)
matter_completed      blinker signal, sender=matter, now=: every 办结 (reviews, REV-1)
my_matters(user)      the staff member's own open and recent matters, for "我的办件"
"""
from datetime import datetime

from blinker import Namespace
from sqlalchemy import func, select

from ..accounts.models import users_with_role
from ..core import audit, clock, deadlines, numbering
from ..core.errors import ConcurrentEdit, DomainError
from ..extensions import db
from ..notify.models import Channel
from ..notify.outbox import queue
from .models import Matter, MatterResult, MatterSource, MatterState

# LNK-3 "时推送": sender=matter, now=. Sent for every approval result (approved or refused) of
# a window matter; commitment cases are pushed by commitment's own case_decided.
matter_decided = Namespace().signal("matter-decided")
# Every 办结 (sender=matter, now=): reviews offers the rating link and lights the window pad.
matter_completed = Namespace().signal("matter-completed")

DUE_CLOCK = "matter.due"
WARN_WORKDAYS_BEFORE = 2  # yellow light when two working days remain


def _number(office_id: int, now: datetime) -> str:
    year = clock.to_local(now).year
    n = numbering.next_number("matter", office_id, year)
    return f"BJ{year}{office_id:04d}{n:06d}"


def get(matter_id: int) -> Matter:
    return db.session.get(Matter, matter_id)


def find_by_source(source_type: str, source_id: int) -> Matter | None:
    return db.session.scalar(select(Matter).where(Matter.source_type == source_type,
                                                  Matter.source_id == source_id))


def open_matter(*, source: MatterSource, source_type: str, source_id: int, item, party=None,
                party_name: str = "", centre_id: int | None = None, window_label: str = "",
                staff=None, received_at: datetime | None = None,
                now: datetime | None = None) -> Matter:
    """Accept a matter (受理): one row per source, its due date from the item's committed
    limit in working days (CAL-2) kept as a clock for the warning lights."""
    now = now or clock.now()
    existing = find_by_source(source_type, source_id)
    if existing is not None:
        return existing
    matter = Matter(
        number=_number(item.office_id, now), source=source, source_type=source_type,
        source_id=source_id, item_id=item.id, item_code=item.code, item_name=item.name,
        party_id=party.id if party is not None else None,
        party_name=party.name if party is not None else party_name,
        office_id=item.office_id, supervision_office_id=item.supervision_office_id,
        centre_id=centre_id, window_label=window_label,
        staff_id=staff.id if staff is not None else None, received_at=received_at or now,
        accepted_at=now, committed_limit_days=item.committed_limit_days or 0)
    db.session.add(matter)
    db.session.flush()
    if matter.committed_limit_days > 0:
        n = matter.committed_limit_days
        clock_row = deadlines.start_workdays(
            matter, DUE_CLOCK, now, n,
            warn_after=n - WARN_WORKDAYS_BEFORE if n > WARN_WORKDAYS_BEFORE else None,
            rule="CAT-1", now=now)
        matter.due_at = clock_row.due_at
    audit.record("matter.opened", subject=matter, actor=staff,
                 after={"number": matter.number, "item": matter.item_code,
                        "source": source.value, "window": window_label})
    return matter


def complete_matter(matter: Matter, *, result, note: str = "", actor, version: int | None = None,
                    now: datetime | None = None) -> Matter:
    """办结. Every approval result is pushed to the supervision office (LNK-3)."""
    now = now or clock.now()
    result = MatterResult(result)
    if version is not None and version != matter.version:
        raise ConcurrentEdit()
    if matter.state == MatterState.COMPLETED:
        raise DomainError("该办件已办结。")
    if result == MatterResult.REFUSED and not (note or "").strip():
        raise DomainError("不予许可须写明理由。", field="note")
    matter.state, matter.result = MatterState.COMPLETED, result
    matter.result_note = (note or "").strip()
    matter.completed_at = now
    deadlines.stop(matter, DUE_CLOCK, now=now)
    audit.record("matter.completed", subject=matter, actor=actor,
                 after={"result": result.value, "note": matter.result_note})
    if result.is_approval_result:
        push(matter, now)
    matter_completed.send(matter, now=now)
    return matter


def push(matter: Matter, now: datetime) -> None:
    """LNK-3: the result goes to the supervision office (signal + in-app notice)."""
    if matter.pushed_at is not None or matter.supervision_office_id is None:
        return
    matter.pushed_at = now
    for user in users_with_role(matter.supervision_office_id, "supervisor"):
        queue(key=f"matter:{matter.id}:push:{user.id}", channel=Channel.IN_APP, user=user,
              link="/supervision/", text=f"审批结果推送：{matter.item_name}（{matter.party_name}），"
                   f"{matter.result.label}，办件编号{matter.number}。")
    matter_decided.send(matter, now=now)


def from_commitment_case(case, now: datetime | None = None, **_) -> Matter:
    """Receiver of commitment's `case_decided`: the case becomes a 办件 (already pushed to
    supervision by the commitment rules, so not pushed again)."""
    now = now or clock.now()
    matter = find_by_source("commitment_case", case.id)
    if matter is not None:
        return matter
    matter = Matter(
        number=_number(case.office_id, now), source=MatterSource.COMMITMENT,
        source_type="commitment_case", source_id=case.id, item_id=case.item_id,
        item_code=case.item_code, item_name=case.item_name, party_id=case.party_id,
        party_name=case.party.name if case.party else "", office_id=case.office_id,
        supervision_office_id=case.supervision_office_id, staff_id=case.created_by_id,
        received_at=case.created_at or now, accepted_at=case.created_at or now,
        completed_at=now, state=MatterState.COMPLETED, result=MatterResult.APPROVED,
        result_note=f"承诺审批，决定书{case.decision_number}", pushed_at=now)
    db.session.add(matter)
    db.session.flush()
    audit.record("matter.opened", subject=matter, actor=None,
                 after={"number": matter.number, "source": "commitment", "case": case.id})
    return matter


# "我的办件": open ones first (accepted < completed), by due date, then the newest.
MY_ORDER = (Matter.state, Matter.due_at.is_(None), Matter.due_at, Matter.id.desc())


def open_matters(user, limit: int):
    """The user's open matters with a due date, nearest due first (LIMIT: never the backlog)."""
    return list(db.session.scalars(select(Matter).where(
        Matter.staff_id == user.id, Matter.state == MatterState.ACCEPTED, Matter.due_at.is_not(None))
        .order_by(Matter.due_at).limit(limit)))


def count_open(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Matter).where(
        Matter.staff_id == user.id, Matter.state == MatterState.ACCEPTED)) or 0


def my_matters(user):
    """The select of the user's matters, not yet ordered (callers paginate with MY_ORDER)."""
    return select(Matter).where(Matter.staff_id == user.id)
