"""Every commitment / supervision route carries a role gate with the expected roles."""
import pytest

EXPECTED = {
    "commitment.index": {"approver", "legal_rep"},
    "commitment.export": {"approver", "legal_rep"},
    "commitment.show": {"approver", "legal_rep"},
    "commitment.new": {"approver"},
    "commitment.sign_letter": {"approver"},
    "commitment.print_letter": {"approver"},
    "commitment.letter_scan": {"approver", "legal_rep"},
    "commitment.decide": {"approver"},
    "commitment.publish_letter": {"approver"},
    "commitment.check_material": {"approver"},
    "commitment.extend": {"legal_rep"},
    "commitment.request_extension": {"approver", "legal_rep"},
    "commitment.revoke": {"approver"},
    "supervision.answer_recommendation": {"approver"},
    "supervision.acknowledge_violation": {"approver"},
    "supervision.index": {"supervisor"},
    "supervision.export": {"supervisor"},
    "supervision.show": {"supervisor"},
    "supervision.start": {"supervisor"},
    "supervision.finding": {"supervisor"},
    "supervision.rectification": {"supervisor"},
    "supervision.report_violation": {"supervisor"},
}


def test_every_route_is_gated(app):
    endpoints = {e for e in app.view_functions if e.split(".")[0] in ("commitment", "supervision")}
    assert endpoints == set(EXPECTED)
    for endpoint in endpoints:
        assert set(app.view_functions[endpoint].allowed_roles) == EXPECTED[endpoint]


@pytest.mark.parametrize("role", ["window_clerk", "hotline_agent", "credit_officer", "supervisor"])
def test_other_roles_are_refused_on_the_approval_list(client, login_as, role):
    login_as(role)
    assert client.get("/commitment/").status_code == 403


def test_approver_cannot_open_supervision_inbox(client, login_as):
    login_as("approver")
    assert client.get("/supervision/").status_code == 403
