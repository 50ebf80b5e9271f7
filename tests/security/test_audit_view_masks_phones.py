"""Low item (SEC-5): a staff member's phone in an audited change is masked in the audit view
and its Excel export; roles read in Chinese."""
from app.core import audit
from app.extensions import db
from tests import factories


def test_staff_phones_are_masked_in_the_audit_view(client, login_as):
    admin = factories.user("admin")
    staff = factories.user("approver", name="赵电话")
    audit.record("user_update", subject=staff, actor=admin, before={"phone": "13812345678"},
                 after={"phone": "13987654321", "roles": ["approver", "credit_officer"]})
    db.session.commit()
    login_as("auditor", office=factories.office("service_office"))
    page = client.get("/audit/?action=user_update").get_data(as_text=True)
    assert "138****5678" in page and "139****4321" in page
    assert "13812345678" not in page and "13987654321" not in page
    assert "审批人员、诚信档案管理员" in page
