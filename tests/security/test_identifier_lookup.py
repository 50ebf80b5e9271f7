"""Issue item 8 (SEC-6; 等保 8.1.4.11; ASVS 8.3.x): a lookup by full ID number is restricted by
role, needs a purpose, is audited with it, is limited per user, and the auditor sees who
looked up whom."""
from sqlalchemy import select

from app.core import audit
from app.credit import lookup
from app.extensions import db
from tests import factories


def _lookups(outcome="success"):
    return db.session.scalars(select(audit.AuditEntry).where(audit.AuditEntry.action == "credit.lookup",
                                                           audit.AuditEntry.outcome == outcome)).all()


def test_a_role_without_need_gets_no_name_for_an_id_number(client, login_as):
    login_as("hotline_agent")
    party = factories.party(kind="person", name="张三丰")
    db.session.commit()
    page = client.post("/credit/", data={"q": party.identifier, "purpose": "approval"}).get_data(as_text=True)
    assert "张三丰" not in page and "无权按证件号码查询" in page
    assert len(_lookups("failure")) == 1
    assert "张三丰" in client.post("/credit/", data={"q": "张三"}).get_data(as_text=True)  # names as before


def test_every_lookup_is_audited_with_its_purpose_and_shown_to_the_auditor(client, login_as):
    clerk = login_as("window_clerk", name="孙窗口")
    party = factories.party(kind="person", name="李四光")
    db.session.commit()
    page = client.post("/credit/", data={"q": party.identifier}).get_data(as_text=True)
    assert "须选择查询事由" in page and "李四光" not in page
    page = client.post("/credit/", data={"q": party.identifier, "purpose": "service"}).get_data(as_text=True)
    assert "李四光" in page
    row = _lookups()[0]
    assert (row.actor_id, row.subject_type, row.subject_id) == (clerk.id, "party", party.id)
    assert row.reason == "窗口受理核实身份" and party.identifier not in str(row.after)
    login_as("auditor", office=factories.office("service_office"))
    ledger = client.get("/audit/?action=credit.lookup").get_data(as_text=True)
    assert "按证件号码查询" in ledger and "孙窗口" in ledger and "窗口受理核实身份" in ledger


def test_lookups_are_limited_per_user_per_hour(client, login_as, frozen_clock):
    login_as("approver")
    party = factories.party()
    db.session.commit()
    for _ in range(lookup.LIMIT_PER_HOUR):
        assert client.post("/credit/", data={"q": party.identifier, "purpose": "approval"}).status_code == 200
    page = client.post("/credit/", data={"q": party.identifier, "purpose": "approval"}).get_data(as_text=True)
    assert "过于频繁" in page and party.name not in page
    frozen_clock.advance(minutes=61)
    assert party.name in client.post("/credit/", data={"q": party.identifier, "purpose": "approval"}).get_data(as_text=True)
