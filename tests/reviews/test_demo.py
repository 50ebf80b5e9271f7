"""The reviews demo: a paired pad, a 不满意 case waiting for the review office, today's
callback list of the previous working day's 办件."""
from sqlalchemy import select

from app.accounts.models import User
from app.demo.loader import load_all, reset_demo_passwords
from app.extensions import db
from app.reviews.models import BadReviewCase, Callback, CaseState
from jobs.reviews import callback_lists
from tests import factories


def _sign_in(client, username):
    user = db.session.scalar(select(User).where(User.username == username))
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)


def test_demo_gives_the_review_office_a_case_and_the_callback_staff_a_list(app, client):
    load_all(app)
    reset_demo_passwords()
    case = db.session.scalar(select(BadReviewCase))
    assert case.state == CaseState.VERIFYING and case.rating.category_list == ["态度差"]
    _sign_in(client, "demo_leader")
    page = client.get(f"/reviews/cases/{case.id}").get_data(as_text=True)
    assert "核实差评" in page and "查看评价人" in page
    assert "2号窗口评价器" in client.get(f"/reviews/pads?centre={case.matter.centre_id}").get_data(as_text=True)
    _sign_in(client, "demo_callback")
    page = client.get("/reviews/callbacks").get_data(as_text=True)
    assert case.matter.number in page
    assert db.session.scalar(select(Callback.matter_id).where(Callback.matter_id == case.matter_id))
    callback_lists()  # the scheduled job adds nothing twice
