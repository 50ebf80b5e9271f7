"""Demo data for `flask demo load`: two 办理部门 inside the demo unit, a few KB articles and a
month of generated work orders (texts from data/demo_samples.json) across channels, units and
states, made through the services at past instants — so every hotline role has work."""
import json
import random
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from ..accounts.models import Office, User, office_by_code
from ..accounts.roles import OfficeKind, OfficeLevel
from ..core import clock
from ..extensions import db
from .models import KbArticle, OrderChannel, Urgency, WorkOrder
from .services import dispatch, handling, intake, requests

SAMPLES = Path(__file__).resolve().parent / "data" / "demo_samples.json"
DEPARTMENTS = [("HPQ-SCJG-XB", "和平区市场监管局消费者权益保护科", "demo_unit_xb", "韩消保"),
               ("HPQ-SCJG-SP", "和平区市场监管局食品安全科", "demo_unit_sp", "杨食安")]
OTHER_UNITS = {"DW-GDJT": ("demo_unit_gdjt", "秦轨交"), "DW-SW": ("demo_unit_sw", "许水务")}
NAMES = ["王先生", "李女士", "张先生", "刘女士", "陈先生", "杨女士", "赵先生", "黄女士"]
# state → weight; each order is walked through the services up to its state
STATES = [("completed", 40), ("handling", 16), ("review", 8), ("dispatched", 8), ("pending", 8),
          ("closed", 8), ("return", 6), ("extension", 6)]
COUNT = 120


def _user(username, name, office, role="unit_handler") -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, name=name, office=office)
        user.set_roles([role])
        db.session.add(user)
        db.session.flush()
    return user


def load() -> None:
    agent = db.session.scalar(select(User).where(User.username == "demo_hotline"))
    reviewer = db.session.scalar(select(User).where(User.username == "demo_reviewer"))
    unit = office_by_code("HPQ-SCJG")
    if agent is None or reviewer is None or unit is None or db.session.scalar(select(WorkOrder.id).limit(1)):
        return
    data = json.loads(SAMPLES.read_text(encoding="utf-8"))
    for code, name, username, person in DEPARTMENTS:
        dept = office_by_code(code) or Office(code=code, name=name, kind=OfficeKind.HANDLING_UNIT,
                                              level=OfficeLevel.DISTRICT, parent=unit)
        db.session.add(dept)
        db.session.flush()
        _user(username, person, dept)
    handlers = {"HPQ-SCJG": db.session.scalar(select(User).where(User.username == "demo_unit"))}
    for code, (username, person) in OTHER_UNITS.items():
        handlers[code] = _user(username, person, office_by_code(code))
    for article in data["kb"]:
        db.session.add(KbArticle(**article))
    db.session.flush()
    rng = random.Random(16)
    now = clock.now()
    for i in range(COUNT):
        _one(rng, i, data["orders"][i % len(data["orders"])], agent, reviewer, handlers, now)


def _when(rng, state, now):
    recent = {"dispatched": timedelta(hours=rng.uniform(0.2, 2.5)), "pending": timedelta(hours=rng.uniform(0.1, 20)),
              "return": timedelta(hours=rng.uniform(1, 20))}
    if state in recent:
        return now - recent[state]
    if state in ("handling", "review", "extension"):
        return now - timedelta(days=rng.uniform(0.2, 4))
    return now - timedelta(days=rng.uniform(3, 30))


def _one(rng, i, sample, agent, reviewer, handlers, now) -> None:
    state = rng.choices([s for s, _ in STATES], [w for _, w in STATES])[0]
    at = _when(rng, state, now)
    channel = rng.choice(list(OrderChannel))
    urgency = Urgency.NORMAL if state == "extension" or rng.random() < 0.85 else rng.choice(list(Urgency)[1:3])
    order_type = "complaint" if state == "extension" and sample["type"] == "consult" else sample["type"]
    anonymous = rng.random() < 0.08
    data = intake.IntakeData(
        channel=channel.value, order_type=order_type, urgency=urgency.value, text=sample["text"],
        location=sample["location"], anonymous=anonymous, requester_name="" if anonymous else rng.choice(NAMES),
        requester_phone="" if anonymous else f"13{rng.randint(100000000, 999999999)}",
        labels=["营商环境监督员"] if state != "return" and rng.random() < 0.06 else [])
    if state == "closed":
        data.triage, data.triage_note = "legal", rng.choice(["行政复议", "诉讼", "信访"])
    with clock.frozen_at(at):
        order, _ = intake.take(agent, data, f"demo-{i}")
    if state in ("closed", "pending"):
        return
    handler = handlers[sample["unit"]]
    with clock.frozen_at(at + timedelta(minutes=rng.randint(5, 40))):
        dispatch.dispatch(reviewer, order, [handler.office_id])
    if state == "dispatched":
        return
    if state == "return":
        with clock.frozen_at(min(now, order.dispatched_at + timedelta(hours=rng.uniform(0.5, 3)))):
            requests.request_return(handler, order, "duty", "经核实，该事项不属本单位职责范围，应由属地街道处理。",
                                    "建议转属地街道办事处办理")
        return
    with clock.frozen_at(order.dispatched_at + timedelta(minutes=rng.randint(10, 170))):
        dispatch.accept(handler, order)
        moment = clock.now()
    if state == "extension":
        with clock.frozen_at(moment + timedelta(minutes=30)):
            requests.request_extension(handler, order, 3, "需要第三方检测机构出具检测报告，客观上无法按期办结。",
                                       clock.now(), "诉求人同意延期")
        return
    if handler.office.children and rng.random() < 0.6:
        with clock.frozen_at(moment + timedelta(minutes=20)):
            dispatch.dispatch_to_departments(handler, order, [handler.office.children[0].id], "请核实并提出意见")
        if state != "handling":
            task = dispatch.department_tasks(order)[0]
            dept_user = db.session.scalar(select(User).where(User.office_id == task.dept_id))
            with clock.frozen_at(moment + timedelta(hours=20)):
                dispatch.answer_department_task(dept_user, task, "本科室已现场核实情况，处理意见：" + sample["result"])
    if state == "handling":
        return
    reply_at = min(now - timedelta(minutes=5), moment + timedelta(hours=rng.uniform(22, 60)))
    with clock.frozen_at(reply_at):
        contact_time = clock.to_local(reply_at - timedelta(hours=2)).strftime("%Y年%m月%d日%H时%M分")
        handling.submit_reply(handler, order, dict(
            contact_time=contact_time, staff=f"{handler.office.name} {handler.name}", contact_method="电话",
            process="接到工单后第一时间与诉求人电话联系，了解诉求详情，并安排工作人员现场核实处理。",
            result=sample["result"], feedback="诉求人对处理结果表示认可。"), None)
    if state == "completed":
        with clock.frozen_at(min(now, reply_at + timedelta(hours=rng.uniform(1, 6)))):
            handling.review_reply(reviewer, order, approve=True)
