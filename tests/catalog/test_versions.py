"""CAT-4: drafts, publication, freezing, audit, the 20-wd publication clock; editor scope."""
from datetime import datetime

import pytest
from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.catalog import services
from app.catalog.models import VersionStatus
from app.core import clock, deadlines
from app.core.audit import AuditEntry
from app.core.errors import DomainError, PermissionDenied
from app.extensions import db
from tests import factories
from tests.catalog import factories as cf


@pytest.fixture
def service_admin():
    return factories.user("admin", office=factories.office(OfficeKind.SERVICE_OFFICE))


def test_draft_copies_current_catalog_and_publish_makes_it_current(service_admin):
    old = cf.published_item(code="A-1", main_name="旧名称")
    draft = services.start_draft(service_admin, 2027)
    copy = draft.items[0]
    assert copy.code == "A-1" and copy.id != old.id and len(copy.materials) == len(old.materials)
    services.save_item(service_admin, draft, {"main_name": "新名称"}, copy)
    assert services.current_item("A-1").main_name == "旧名称"  # draft not yet in force
    services.publish(service_admin, draft)
    assert services.current_item("A-1").main_name == "新名称"
    assert old.catalog_version.status == VersionStatus.SUPERSEDED


def test_published_version_is_frozen(service_admin):
    item = cf.published_item()
    with pytest.raises(DomainError, match="已冻结"):
        services.save_item(service_admin, item.catalog_version, {"main_name": "改"}, item)
    with pytest.raises(DomainError, match="已冻结"):
        services.delete_item(service_admin, item)


def test_only_service_office_drafts_and_publishes():
    cf.published_item()
    approver = factories.user("approver")
    with pytest.raises(PermissionDenied):
        services.start_draft(approver, 2027)
    draft = cf.catalog(VersionStatus.DRAFT, year=2027)
    cf.item(draft)
    with pytest.raises(PermissionDenied):
        services.publish(approver, draft)


def test_change_is_audited_with_before_and_after(service_admin):
    cf.published_item(code="A-1", committed_limit_days=5, statutory_limit_days=20)
    draft = services.start_draft(service_admin, 2027)
    services.save_item(service_admin, draft, {"committed_limit_days": 3}, draft.items[0])
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "catalog.item.update"))
    assert entry.actor_id == service_admin.id
    assert entry.before == {"committed_limit_days": 5} and entry.after == {"committed_limit_days": 3}


def test_change_starts_20_workday_publication_clock_and_publish_stops_it(service_admin):
    cf.published_item(code="A-1")
    draft = services.start_draft(service_admin, 2027)
    assert deadlines.get(draft, services.PUBLICATION_DEADLINE) is None
    services.save_item(service_admin, draft, {"fees": "不收费"}, draft.items[0])
    clock_row = deadlines.get(draft, services.PUBLICATION_DEADLINE)
    # Mon 2026-11-23 + 20 wd = Mon 2026-12-21 end of day (Shanghai)
    assert clock.to_local(clock_row.due_at).date() == datetime(2026, 12, 21).date()
    clock.advance(days=3)
    services.save_item(service_admin, draft, {"fees": "免费"}, draft.items[0])
    assert deadlines.get(draft, services.PUBLICATION_DEADLINE).due_at == clock_row.due_at
    services.publish(service_admin, draft)
    assert not deadlines.get(draft, services.PUBLICATION_DEADLINE).is_open


def test_cat3_save_refuses_commitment_for_excluded_item(service_admin):
    cf.published_item(code="A-1")
    draft = services.start_draft(service_admin, 2027)
    with pytest.raises(DomainError) as err:
        services.save_item(service_admin, draft, {"commitment_eligible": True,
                                                  "exclusions": ["life_health"]}, draft.items[0])
    assert err.value.field == "commitment_eligible" and "人身健康" in err.value.message


def test_department_edits_only_its_own_items(service_admin):
    mine = cf.published_item()
    other = cf.published_item()
    draft = services.start_draft(service_admin, 2027)
    my_copy = next(i for i in draft.items if i.code == mine.code)
    other_copy = next(i for i in draft.items if i.code == other.code)
    approver = factories.user("approver", office=mine.office)   # office under the department
    services.save_item(approver, draft, {"fees": "按标准收费"}, my_copy)
    with pytest.raises(PermissionDenied):
        services.save_item(approver, draft, {"fees": "x"}, other_copy)
    assert my_copy.can_edit(approver) and not other_copy.can_edit(approver)
    assert other_copy.can_edit(service_admin)
    supervisor = factories.user("supervisor", office=mine.supervision_office)
    assert not my_copy.can_edit(supervisor)


def test_duplicate_code_refused(service_admin):
    cf.published_item(code="A-1")
    cf.published_item(code="A-2")
    draft = services.start_draft(service_admin, 2027)
    second = next(i for i in draft.items if i.code == "A-2")
    with pytest.raises(DomainError) as err:
        services.save_item(service_admin, draft, {"code": "A-1"}, second)
    assert err.value.field == "code"
