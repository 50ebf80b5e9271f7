"""Notifications are links to their object, with one date format (2026年11月23日 09:30)."""
import ast
from pathlib import Path

from app.extensions import db
from app.notify import outbox
from app.notify.models import Channel

APP = Path(__file__).resolve().parents[2] / "app"


def test_every_in_app_notification_carries_a_link():
    missing = []
    for path in APP.rglob("*.py"):
        if "notify" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            keywords = {k.arg: k.value for k in node.keywords}
            channel = keywords.get("channel")
            if name == "queue" and isinstance(channel, ast.Attribute) and channel.attr == "IN_APP" \
                    and "link" not in keywords:
                missing.append(f"{path.relative_to(APP)}:{node.lineno}")
    assert not missing, "站内通知缺少链接：" + ", ".join(missing)


def test_list_links_each_message_and_shows_its_time_in_chinese(client, login_as):
    user = login_as("approver")
    outbox.queue(key="link-1", channel=Channel.IN_APP, user=user, text="请核实监管反馈", link="/commitment/7")
    outbox.queue(key="link-2", channel=Channel.IN_APP, user=user, text="没有对象的通知")
    db.session.commit()
    page = client.get("/notifications").get_data(as_text=True)
    assert '<a href="/commitment/7">请核实监管反馈</a>' in page
    assert "没有对象的通知" in page
    assert page.count("2026年11月23日 09:30") == 2  # the tests' frozen instant


def test_credit_record_notification_links_to_the_party_file(app):
    from app.credit.services import party_path, procedure_path
    from app.credit.models import Objection, RepairApplication
    assert party_path(5) == "/credit/party/5"
    assert procedure_path(Objection(id=3)) == "/credit/objections/3"
    assert procedure_path(RepairApplication(id=4)) == "/credit/repairs/4"
