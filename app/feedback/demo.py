"""Demo: 和平区市场监督管理局's A post (away) and B post (demo_unit) with a complaint about a
named clerk and a consultation to answer, and one suggestion already answered."""
from sqlalchemy import select

from ..accounts.models import User, office_by_code
from ..core import clock
from ..extensions import db
from .models import Feedback, FeedbackKind
from .services import assign_post, create_feedback, posts, record_contact, reply, set_absent


def load() -> None:
    unit, b_user = office_by_code("HPQ-SCJG"), db.session.scalar(select(User).where(User.username == "demo_unit"))
    if unit is None or b_user is None or db.session.scalar(select(Feedback.id).limit(1)) is not None:
        return
    a_user = User(username="demo_fbk_a", name="韩A岗", office=unit, phone="13940000001")
    db.session.add(a_user)
    db.session.flush()
    assign_post(unit, a_user, "A")
    assign_post(unit, b_user, "B")
    set_absent(posts(unit.id)["A"], True, None)     # A is away: new items go to the B post
    now = clock.now()
    create_feedback(kind=FeedbackKind.COMPLAINT, unit_id=unit.id, name="赵敏", phone="13850000001",
                    item_name="食品经营许可", staff_name="窗口工作人员小李",
                    content="办理食品经营许可时，窗口工作人员未一次性告知所需材料，跑了两趟。", now=now)
    create_feedback(kind=FeedbackKind.CONSULTATION, unit_id=unit.id, name="钱进", phone="13850000002",
                    content="个体工商户变更经营场所需要带哪些材料？", now=now)
    done = create_feedback(kind=FeedbackKind.SUGGESTION, unit_id=unit.id, name="孙丽", phone="13850000003",
                           content="建议在大厅增加自助打印设备。", now=now)
    record_contact(done, b_user, note="已电话联系建议人", now=now)
    reply(done, b_user, text="感谢建议，已纳入明年设备采购计划。", now=now)
