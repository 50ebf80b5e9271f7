"""Demo data for the 集中反映 alert (HOT-15): a dozen callers reporting the same outage in their
own words over the last two days; the index links them as they arrive and the tenth raises the
alert the centre sees. One of the callers rings again with nothing new (the repeat suggestion)."""
import random
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..core import clock
from ..extensions import db
from .services import intake

PLACE = "河西区友谊路88号小区"
OPENERS = ["您好，", "我要反映，", "来电反映：", "", "市民来电称，"]
WORDINGS = ["从昨天早上开始一直停水，到现在也没有恢复供水", "停水已经两天了，一直没有恢复供水",
            "昨天开始停水，至今仍未恢复供水", "连续停水两天，供水一直没有恢复"]
CLOSERS = ["，请尽快处理。", "，希望有关部门尽快解决。", "，要求尽快解决。", "。"]
COUNT = 12


def load():
    agent = db.session.scalar(select(User).where(User.username == "demo_hotline"))
    if agent is None or db.session.scalar(select(User.id).where(User.username == "demo_unit")) is None:
        return
    rng = random.Random(15)
    now = clock.now()
    for i in range(COUNT):
        data = intake.IntakeData(channel="12345", order_type="help", urgency="normal", location=PLACE,
                                 text=rng.choice(OPENERS) + PLACE + WORDINGS[i % 4] + rng.choice(CLOSERS),
                                 requester_name="市民", requester_phone=f"1351234{i:04d}")
        with clock.frozen_at(now - timedelta(hours=2 + i * 3)):
            intake.take(agent, data, f"demo-cluster-{i}")
    repeat = intake.IntakeData(channel="12345", order_type="help", urgency="normal", location=PLACE,
                               text=PLACE + "停水了，一直没有恢复供水，请尽快处理。",
                               requester_name="市民", requester_phone="13512340000")
    intake.take(agent, repeat, "demo-cluster-repeat")
