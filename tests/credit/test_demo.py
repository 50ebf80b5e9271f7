"""The credit demo shows each procedure state, and its pages and decision PDFs open."""
from sqlalchemy import select

from app.accounts.models import User
from app.credit.models import Objection, ProcedureState, RepairApplication
from app.demo.loader import load_all, reset_demo_passwords
from app.extensions import db
from tests import factories


def test_demo_objections_and_repair_in_their_states_open_with_their_pdfs(app, client):
    load_all(app)
    reset_demo_passwords()
    objections = db.session.scalars(select(Objection).order_by(Objection.id)).all()
    repairs = db.session.scalars(select(RepairApplication)).all()
    assert [o.state for o in objections] == [ProcedureState.RECEIVED, ProcedureState.PUBLICITY]
    assert [r.state for r in repairs] == [ProcedureState.REFUSED]
    officer = db.session.scalar(select(User).where(User.username == "demo_credit"))
    with client.session_transaction() as session:
        factories.signed_in_session(session, officer)
    for url in ["/credit/publicity"] + [f"/credit/objections/{o.id}" for o in objections] + \
            [f"/credit/repairs/{r.id}" for r in repairs]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/credit/objections/{objections[1].id}/feedback.pdf").data.startswith(b"%PDF")
    assert client.get(f"/credit/repairs/{repairs[0].id}/decision.pdf").data.startswith(b"%PDF")
    assert client.get(f"/credit/objections/{objections[0].id}/feedback.pdf").status_code == 404
