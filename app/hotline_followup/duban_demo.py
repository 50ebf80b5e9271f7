"""Demo re-handling and 督办 (HOT-13, HOT-14): demo_reviewer sends two of 和平区市场监督管理局's
dissatisfied orders back — demo_unit has one still 重新办理中 and one with its 情况报告 issued — and
the 督办 board holds a repeated-dissatisfaction item, one raised by two returns and a manual one."""
from sqlalchemy import select

from ..accounts.models import User
from ..core.errors import DomainError
from ..extensions import db
from ..hotline.models import OrderState, WorkOrder
from ..hotline.services import requests
from .models import DubanItem, Rating, Satisfaction
from .services import duban, ratings, rehandling, requester


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def load() -> None:
    reviewer, unit_user = _user("demo_reviewer"), _user("demo_unit")
    if reviewer is None or unit_user is None or db.session.scalar(select(DubanItem.id).limit(1)):
        return
    queue = [r for r in db.session.scalars(requester.review_queue().order_by(Rating.id))
             if r.order.unit_id == unit_user.office_id][:3]
    for i, rating in enumerate(queue[:2]):
        requester.review(reviewer, rating, True, "诉求人反映问题未解决，请重新核实办理\n请说明与诉求人的沟通情况")
        if i == 1:
            record = rehandling.open_for(rating.order)
            rehandling.issue_report(unit_user, record, [
                "已再次赴现场核实，商户已按规定退还货款。", "已于当日电话联系诉求人说明处理结果，诉求人表示认可。",
                "已约谈商户负责人并责令整改。"][:len(record.points)])
    if queue:  # the requester rated 不满意 again after the re-handling
        ratings.rate(queue[0].order, Satisfaction.DISSATISFIED.value, "重新办理后仍未解决。")
        duban.evaluate(queue[0].order)
    _two_returns(unit_user)
    completed = db.session.scalar(select(WorkOrder).where(WorkOrder.state == OrderState.COMPLETED,
                                                          WorkOrder.unit_id == unit_user.office_id)
                                  .order_by(WorkOrder.id.desc()))
    if completed is not None:
        duban.add_manual(reviewer, completed, "诉求涉及群众切身利益，媒体关注，需重点督办。")


def _two_returns(unit_user: User) -> None:
    for order in db.session.scalars(select(WorkOrder).where(
            WorkOrder.unit_id == unit_user.office_id, WorkOrder.state.in_((OrderState.DISPATCHED, OrderState.HANDLING)))
            .order_by(WorkOrder.id)):
        try:
            first = requests.request_return(unit_user, order, "duty", "经核实该事项不属本单位职责范围",
                                            "建议转市商务局办理，依据其三定方案")
            requests.decide_return(_user("demo_reviewer"), first, False, "属本单位职责，请继续办理")
            requests.request_return(unit_user, order, "duty", "再次核实该事项不属本单位职责范围",
                                    "建议转市商务局办理，依据其三定方案")
            return
        except DomainError:
            continue
