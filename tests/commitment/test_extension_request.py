"""CMT-4: the 20-wd extension is a request → decision: the approval office registers the
party's written request, the legal representative grants or refuses it, the party is told."""
import pytest
from sqlalchemy import select

from app.accounts.roles import Role
from app.commitment import services
from app.commitment.models import CaseState
from app.core import workdays
from app.core.errors import DomainError, PermissionDenied
from app.extensions import db
from app.notify.models import Channel, OutboxMessage
from tests import factories
from tests.commitment.factories import case


def _sms(case_):
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.channel == Channel.SMS, OutboxMessage.key.like(f"cmt-extension-decided-{case_.id}-%"))).all()


@pytest.fixture
def approved():
    c = case("approved")
    c.party.phone = "13800000000"
    boss = factories.user(Role.LEGAL_REP.value, office=c.office)
    return c, boss


def test_request_then_grant_extends_and_tells_the_party(app, approved):
    c, boss = approved
    due = c.materials_due
    services.request_extension(c.created_by, c, "设备未到货，书面申请延期")
    assert c.extension_pending and c.materials_due == due  # nothing moves before the decision
    asks = db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == boss.id)).all()
    assert asks and asks[0].link == f"/commitment/{c.id}"
    with pytest.raises(PermissionDenied):
        services.decide_extension(c.created_by, c, grant=True)  # the approver does not decide
    services.decide_extension(boss, c, grant=True)
    assert c.extended and not c.extension_pending and c.extension_decision == "granted"
    assert c.materials_due == workdays.add_workdays(due, 20)
    [sms] = _sms(c)
    assert "已获批准" in sms.text and sms.phone == "13800000000"
    with pytest.raises(DomainError, match="只能延长一次"):
        services.request_extension(c.created_by, c, "再次申请")


def test_refusal_needs_reasons_keeps_the_deadline_and_tells_the_party(app, approved):
    c, boss = approved
    due = c.materials_due
    services.request_extension(c.created_by, c, "书面申请延期")
    with pytest.raises(DomainError, match="理由"):
        services.decide_extension(boss, c, grant=False)
    services.decide_extension(boss, c, grant=False, reason="延期理由不属于不可抗力")
    assert not c.extended and c.materials_due == due and c.extension_decision == "refused"
    [sms] = _sms(c)
    assert "未获批准" in sms.text and "延期理由不属于不可抗力" in sms.text
    with pytest.raises(DomainError, match="没有待决定"):
        services.decide_extension(boss, c, grant=True)


def test_one_pending_request_at_a_time_and_only_on_approved_cases(app, approved):
    c, _ = approved
    services.request_extension(c.created_by, c, "书面申请")
    with pytest.raises(DomainError, match="待决定"):
        services.request_extension(c.created_by, c, "又一份")
    accepted = case("accepted")
    with pytest.raises(DomainError):
        services.request_extension(accepted.created_by, accepted, "书面申请")


def test_request_and_decision_through_the_case_page(client, login_as, approved):
    c, boss = approved
    db.session.commit()
    login_as("approver", office=c.office)
    client.post(f"/commitment/{c.id}/extension-request", data={"version": c.version, "request_text": "书面申请延期"})
    db.session.refresh(c)
    assert c.extension_pending
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    assert "待法定代表人决定" in page and "书面申请延期" in page

    client.post(f"/commitment/{c.id}/extend", data={"version": c.version})  # a legal rep only
    with client.session_transaction() as session:
        factories.signed_in_session(session, boss)
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    assert "作出延期决定" in page
    response = client.post(f"/commitment/{c.id}/extend", data={"version": c.version, "decision": "grant"})
    assert "已短信告知申请人" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(c)
    assert c.extended and c.state == CaseState.APPROVED
