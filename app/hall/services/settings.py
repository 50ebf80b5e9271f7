"""The centre manager's hall settings (APT-8): which window stays open at noon, and the 7×24
urgent appointment slots. Every change is audited."""
from sqlalchemy import select

from ...catalog.services import SLOT
from ...core import audit
from ...core.errors import DomainError
from ...extensions import db
from ..models import HallWindow, UrgentSlot


def set_noon_window(centre_id: int, window_id: int, actor) -> HallWindow:
    windows = list(db.session.scalars(select(HallWindow).where(HallWindow.centre_id == centre_id)))
    chosen = next((w for w in windows if w.id == window_id), None)
    if chosen is None:
        raise DomainError("请选择本中心的窗口。", field="window")
    before = [w.number for w in windows if w.noon]
    for w in windows:
        w.noon = w.id == window_id
    audit.record("hall.noon_window", subject=chosen, actor=actor,
                 before={"noon": before}, after={"noon": [chosen.number]})
    return chosen


def add_urgent_slot(centre_id: int, slot: str, daily_quota: int, actor) -> UrgentSlot:
    slot = (slot or "").strip()
    if not SLOT.fullmatch(slot):
        raise DomainError("时段格式应为 18:00-20:00。", field="slot")
    if not 1 <= (daily_quota or 0) <= 50:
        raise DomainError("每日名额应为1至50。", field="daily_quota")
    if db.session.scalar(select(UrgentSlot.id).where(UrgentSlot.centre_id == centre_id,
                                                     UrgentSlot.slot == slot)):
        raise DomainError("该时段已设置。", field="slot")
    row = UrgentSlot(centre_id=centre_id, slot=slot, daily_quota=daily_quota)
    db.session.add(row)
    db.session.flush()
    audit.record("hall.urgent_slot_added", subject=row, actor=actor,
                 after={"slot": slot, "quota": daily_quota})
    return row


def remove_urgent_slot(row: UrgentSlot, actor) -> None:
    audit.record("hall.urgent_slot_removed", subject=row, actor=actor, before={"slot": row.slot})
    db.session.delete(row)
