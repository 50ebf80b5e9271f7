"""HOT-15: near-duplicate orders from many requesters cluster; an unrelated one does not."""
from datetime import timedelta

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.hotline.services import clusters
from app.notify.models import OutboxMessage

OPENERS = ["您好，", "我要反映，", "来电反映：", "", "市民来电称，", "请问一下，"]
PLACES = ["河西区友谊路88号小区", "友谊路88号小区", "河西区友谊路88号"]
ISSUES = ["从昨天早上开始一直停水，到现在也没有恢复供水", "停水已经两天了，一直没有恢复供水",
          "昨天开始停水，至今仍未恢复供水", "连续停水两天，供水一直没有恢复"]
CLOSERS = ["，请尽快处理。", "，希望有关部门尽快解决。", "，要求尽快恢复。", "。"]


def paraphrases(n=20):
    return [OPENERS[i % 6] + PLACES[i % 3] + ISSUES[i % 4] + CLOSERS[(i // 2) % 4] for i in range(n)]


def test_twenty_paraphrased_orders_cluster_and_an_unrelated_one_does_not(world):
    for i, text in enumerate(paraphrases()):
        world.order(text=text, location="河西区友谊路88号小区", requester_phone=f"1380000{i:04d}")
    unrelated = world.order(text="河西区友谊路88号小区门口的路灯坏了，晚上很黑，请尽快维修。", location="河西区友谊路88号小区")
    far = world.order(text=paraphrases()[0], location="北辰区果园新村", requester_phone="13900000001")
    db.session.flush()
    found = clusters.detect()
    assert len(found) == 1 and len(found[0]) == 20
    assert unrelated not in found[0] and far not in found[0]
    alerts = db.session.scalars(select(OutboxMessage.text).where(OutboxMessage.user_id == world.reviewer.id)).all()
    assert any(t.startswith("集中反映：近7日20件相似诉求") for t in alerts)


def test_below_the_threshold_size_or_outside_the_window_no_alert(app, world):
    for text in paraphrases(5):
        world.order(text=text)
    assert clusters.detect() == []
    index = clusters.ClusterIndex()
    now = clock.now()
    index.add(1, paraphrases()[0], "", now)
    assert index.add(2, paraphrases()[1], "", now + timedelta(days=8)) == []
    assert index.add(3, paraphrases()[2], "", now + timedelta(days=1)) == [1]
