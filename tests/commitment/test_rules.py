from datetime import date, datetime

import pytest

from app.accounts.roles import Role
from app.commitment import credit, services
from app.commitment.models import CaseState, MaterialState
from app.core import clock, deadlines
from app.core.errors import DomainError, PermissionDenied
from app.notify.models import OutboxMessage
from app.parties.models import PartyKind
from app.extensions import db
from tests import factories
from tests.commitment.factories import SIGNED_SCAN, case, setup


def _blacklist(party, office, description="2026年3月逾期未补正承诺材料"):
    from app.credit.services import record_dishonesty
    return record_dishonesty(party, level="dishonest", ground="late_materials", office=office,
                             description=description, source="approval", actor=None,
                             occurred_on=date(2026, 11, 20))


def test_blacklisted_party_is_refused_with_record_and_end():
    item, approver = setup()
    party = factories.party()
    _blacklist(party, item.office)
    with pytest.raises(DomainError) as e:
        services.accept(approver, party=party, item=item, missing=[item.materials[0].name])
    assert "失信名单" in e.value.message
    assert "逾期未补正承诺材料" in e.value.message and "2027年11月23日" in e.value.message


def test_honest_party_gets_green_channel():
    c = case()
    assert c.credit_label == "绿色通道"
    assert c.state == CaseState.ACCEPTED


def test_invalid_identifier_refused():
    approver = factories.user("approver")
    with pytest.raises(DomainError) as e:
        services.find_or_create_party(approver, kind=PartyKind.ORG, identifier="91120000MA0000001X",
                                      name="某公司")
    assert e.value.field == "identifier"


def test_approver_of_another_office_cannot_accept():
    item, _ = setup()
    other = factories.user("approver")
    with pytest.raises(PermissionDenied):
        services.accept(other, party=factories.party(), item=item,
                        missing=[item.materials[0].name])


def test_decision_needs_letter_and_new_letter_after_representative_change():
    c = case("accepted")
    with pytest.raises(DomainError):
        services.decide(factories.user("approver", office=c.office), c)
    services.sign_letter(c.created_by, c, scan=SIGNED_SCAN, filename="承诺书.pdf")
    c.party.legal_representative = "李四"
    with pytest.raises(DomainError) as e:
        services.decide(c.created_by, c)
    assert "重新签署承诺书" in e.value.message
    services.sign_letter(c.created_by, c, scan=SIGNED_SCAN, filename="承诺书.pdf")
    services.decide(c.created_by, c)
    assert c.state == CaseState.APPROVED


def test_decision_numbers_deadline_and_push():
    c = case("approved")
    assert c.decision_number == "津承审〔2026〕1号"
    # CMT-4: 60 working days after Mon 2026-11-23 (New Year 2027 holidays skipped)
    from app.core.workdays import add_workdays
    assert c.materials_due == add_workdays(date(2026, 11, 23), 60)
    assert deadlines.get(c, services.MATERIALS_CLOCK).due_at == clock.end_of_day(c.materials_due)
    assert c.pushed_at is not None
    approval = c.document("approval")
    assert approval.number == c.decision_number and approval.content.startswith(b"%PDF")
    second = case("approved", item=None)
    assert second.decision_number.endswith("1号")  # another office: its own sequence


def test_gap_free_numbers_per_office():
    item, approver = setup()
    a = case("approved", item=item, approver=approver)
    b = case("approved", item=item, approver=approver)
    assert (a.decision_number, b.decision_number) == ("津承审〔2026〕1号", "津承审〔2026〕2号")


def test_all_materials_accepted_fulfils_case():
    c = case("approved")
    for m in c.materials:
        services.check_material(c.created_by, c, m, accepted=True)
    assert c.state == CaseState.FULFILLED and c.rating == "诚实守信"
    assert not deadlines.get(c, services.MATERIALS_CLOCK).is_open


def test_non_compliant_material_sends_case_to_revocation():
    c = case("approved")
    with pytest.raises(DomainError):
        services.check_material(c.created_by, c, c.materials[0], accepted=False, reason="")
    services.check_material(c.created_by, c, c.materials[0], accepted=False, reason="公章不符")
    assert c.state == CaseState.REVOCATION_PENDING
    assert c.materials[0].state == MaterialState.REJECTED


def test_extension_only_by_legal_representative_and_only_once():
    c = case("approved")
    due = c.materials_due
    with pytest.raises(PermissionDenied):
        services.extend(c.created_by, c, "因疫情申请延期")
    boss = factories.user(Role.LEGAL_REP.value, office=c.office)
    services.extend(boss, c, "因设备未到货申请延期")
    from app.core.workdays import add_workdays
    assert c.materials_due == add_workdays(due, 20)
    assert deadlines.get(c, services.MATERIALS_CLOCK).due_at == clock.end_of_day(c.materials_due)
    with pytest.raises(DomainError) as e:
        services.extend(boss, c, "再次申请")
    assert "只能延长一次" in e.value.message


def _at(d, hour=9, minute=30):
    clock.freeze(datetime(d.year, d.month, d.day, hour, minute, tzinfo=clock.SHANGHAI))


def _sms(case):
    return [m.text for m in db.session.query(OutboxMessage).filter(
        OutboxMessage.key.like(f"cmt-%-{case.id}-%")).order_by(OutboxMessage.id)]


def test_deadline_sweep_reminds_and_sends_missed_deadline_to_revocation():
    from app.core.workdays import add_workdays
    c = case("approved")
    due = c.materials_due
    _at(add_workdays(date(2026, 11, 23), 49))
    deadlines.sweep()
    assert _sms(c) == []
    _at(add_workdays(date(2026, 11, 23), 50))  # 10 working days before
    deadlines.sweep()
    deadlines.sweep()  # fires once
    assert len(_sms(c)) == 1 and "还有10个工作日" in _sms(c)[0]
    _at(add_workdays(date(2026, 11, 23), 57))  # 3 working days before
    deadlines.sweep()
    assert "还有3个工作日" in _sms(c)[-1]
    _at(due)
    deadlines.sweep()
    assert "今日到期" in _sms(c)[-1] and c.state == CaseState.APPROVED
    _at(due, 23, 59)
    deadlines.sweep()
    assert c.state == CaseState.APPROVED
    _at(add_workdays(due, 1), 0, 1)
    deadlines.sweep()
    assert c.state == CaseState.REVOCATION_PENDING and c.revocation_basis == "late"
    assert "未在" in c.revocation_ground


def test_blacklisting_suspends_pending_cases_until_materials_are_complete():
    item, approver = setup()
    party = factories.party()
    pending = case("letter_signed", party=party, item=item, approver=approver)
    _blacklist(party, item.office)
    assert pending.state == CaseState.SUSPENDED
    for m in pending.materials:
        services.check_material(approver, pending, m, accepted=True)
    assert pending.state == CaseState.LETTER_SIGNED


def test_revocation_decision_numbered_records_dishonesty_and_revokes_other_results():
    from app.credit.services import credit_status
    item, approver = setup()
    party = factories.party()
    c = case("approved", party=party, item=item, approver=approver)
    other = case("approved", party=party)  # another item, another approval office
    services.check_material(approver, c, c.materials[0], accepted=False, reason="与实际不符")
    with pytest.raises(PermissionDenied):
        services.revoke(factories.user("approver"), c, "rejected")
    doc = services.revoke(approver, c, "rejected")
    assert c.state == CaseState.REVOKED and c.revocation_number == "津撤决〔2026〕1号"
    assert c.published_at is not None and doc.number == c.revocation_number
    status = credit_status(party, date(2026, 11, 23))
    assert status.blacklisted and status.restricted  # CRD-2 through the credit service
    assert other.state == CaseState.REVOKED  # CMT-7: the result already obtained is revoked
    assert other.revocation_basis == "blacklisting"
    actions = [e.action for e in services.timeline(c)]
    assert "commitment.revoke" in actions and "commitment.publish" in actions
    with pytest.raises(DomainError) as e:  # CMT-1 now refuses a new application
        services.accept(approver, party=party, item=item, missing=[item.materials[0].name])
    assert "失信名单" in e.value.message and "2027年11月23日" in e.value.message


def test_letter_publication_clock_20_workdays():
    from app.core.workdays import add_workdays
    c = case("letter_signed")
    clock_row = deadlines.get(c, services.LETTER_PUBLISH_CLOCK)
    assert clock_row.due_at == clock.end_of_day(add_workdays(date(2026, 11, 23), 20))
    services.publish_letter(c.created_by, c)
    assert c.letter_published_at is not None and not clock_row.is_open
    with pytest.raises(DomainError):
        services.publish_letter(c.created_by, c)


def test_case_suspended_before_decision_resumes_when_materials_complete():
    item, approver = setup()
    party = factories.party()
    pending = case("letter_signed", party=party, item=item, approver=approver)
    services.suspend_for_blacklist(party)
    assert pending.state == CaseState.SUSPENDED
    with pytest.raises(DomainError):
        services.decide(approver, pending)
    for m in pending.materials:
        services.check_material(approver, pending, m, accepted=True)
    assert pending.state == CaseState.LETTER_SIGNED and pending.rating == ""
