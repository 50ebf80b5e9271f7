"""HOT-16 / SEC-6: the requester's name and phone are masked for units; a reveal is by role,
with a reason, and logged; an anonymous requester is never revealed."""
from ...core import identity
from ...core.errors import DomainError
from ..models import WorkOrder
from . import access
from .common import log


def masked_name(name: str) -> str:
    return (name[0] + "*" * (len(name) - 1)) if name else ""


def shown_requester(user, order: WorkOrder, revealed: bool = False) -> dict:
    """What this user sees of the requester on the page."""
    if order.anonymous:
        return {"name": "匿名", "phone": "（匿名，不予显示）", "masked": True, "can_reveal": False}
    if access.is_centre(user) or revealed:
        return {"name": order.requester_name, "phone": order.requester_phone, "masked": False,
                "can_reveal": False}
    return {"name": masked_name(order.requester_name), "phone": identity.mask_phone(order.requester_phone),
            "masked": True, "can_reveal": access.can_view(user, order)}


def reveal(user, order: WorkOrder, reason: str) -> dict:
    if order.anonymous:
        raise DomainError("匿名诉求人的信息不予显示。", field="reason")
    if not access.can_view(user, order):
        raise DomainError("您无权查看该工单。")
    if len(reason.strip()) < 4:
        raise DomainError("请填写查看诉求人信息的事由。", field="reason")
    log(order, "hotline.revealed", user, reason=reason.strip())
    return shown_requester(user, order, revealed=True)
