"""The hall demo: a morning under way for the window clerk and the centre manager; the no-show
sweep (the scheduled job) bans the resident with three no-shows."""
from sqlalchemy import select

from app.accounts.models import User
from app.core import clock
from app.demo.loader import load_all, reset_demo_passwords
from app.extensions import db
from app.hall.models import BookingBan, QueueTicket, TicketKind, TicketState
from app.parties.models import Party
from jobs.hall import hall_sweep
from tests import factories


def _sign_in(client, username):
    user = db.session.scalar(select(User).where(User.username == username))
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)


def test_demo_day_for_clerk_and_manager_and_the_sweep_bans(app, client):
    load_all(app)
    reset_demo_passwords()
    today = clock.today()
    tickets = db.session.scalars(select(QueueTicket).where(QueueTicket.day == today)
                                 .order_by(QueueTicket.position)).all()
    assert {t.state for t in tickets} >= {TicketState.DONE, TicketState.CALLED, TicketState.WAITING}
    appointment = next(t for t in tickets if t.kind == TicketKind.APPOINTMENT)
    same_queue = [t for t in tickets if t.letter == appointment.letter]
    # APT-6: it came right after the first regular ticket then waiting (since called)
    assert [t.kind for t in same_queue[:2]] == [TicketKind.REGULAR, TicketKind.APPOINTMENT]
    assert same_queue[0].state == TicketState.CALLED
    _sign_in(client, "demo_window")
    page = client.get("/hall/console").get_data(as_text=True)
    assert "2号窗口" in page and "重呼" in page
    page = client.get("/hall/my-matters").get_data(as_text=True)
    assert "light-yellow" in page or "light-red" in page
    _sign_in(client, "demo_leader")
    page = client.get("/hall/today").get_data(as_text=True)  # the busiest of the city's centres
    assert "和平区政务服务中心 · 今日大厅" in page and "忙碌" in page and "空闲" in page

    result = hall_sweep()
    assert result["no_shows"] == 1
    ban = db.session.scalar(select(BookingBan))
    assert db.session.get(Party, ban.party_id).name == "褚失约"
