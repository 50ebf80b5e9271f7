"""A revoked case, or one whose party has since lost the green channel, no longer shows 绿色通道."""
from types import SimpleNamespace

from app.commitment import services
from app.commitment.models import CaseState
from app.extensions import db
from tests.commitment.factories import case

GREEN = SimpleNamespace(green_channel=True, label="诚实守信")
BLACK = SimpleNamespace(green_channel=False, label="失信（黑名单）")


def test_badge_rules(app):
    c = case("approved")
    c.credit_label = "绿色通道"
    assert services.credit_badge(c, GREEN) == ("绿色通道", "success")
    assert services.credit_badge(c, BLACK) == ("受理时为绿色通道，现为失信（黑名单）", "danger")
    c.state = CaseState.REVOKED
    text, _ = services.credit_badge(c, GREEN)
    assert "绿色通道" in text and text != "绿色通道" and "撤销" in text
    c.credit_label = "诚实守信"
    assert services.credit_badge(c, GREEN) == ("诚实守信", "secondary")


def test_revoked_case_page_shows_no_green_channel_badge(client, login_as):
    c = case("approved")
    c.credit_label = "绿色通道"
    c.state = CaseState.REVOKED
    db.session.commit()
    login_as("approver", office=c.office)
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    badge = page.split("data-credit-badge>")[1].split("<")[0]
    assert badge == "受理时为绿色通道，因撤销不再适用"
