"""Data exchange with the partner platforms (issue 24): processing the city platform's inbox,
delivering the outbound queue, the day's review records, late flags of 失信 pushes."""
from . import app_context, once_per_slot


def process_inbound(inbound_id: int) -> str:
    from app.exchange.services import apply
    from app.extensions import db

    with app_context():
        state = apply.process(inbound_id)
        db.session.commit()
        return state


def deliver(message_id: int) -> str:
    from app.exchange.services import outbound
    from app.extensions import db

    with app_context():
        outcome = outbound.deliver(message_id)
        db.session.commit()
        return outcome


@once_per_slot
def exchange_sweep() -> dict:
    """Every minute: inbox messages no job took, due outbound messages (retries after their
    backoff), yesterday's review records, late flags."""
    from app.exchange.services import apply, inbound, outbound, pushes
    from app.extensions import db

    with app_context():
        processed = 0
        for inbound_id in inbound.pending_ids():
            apply.process(inbound_id)
            db.session.commit()
            processed += 1
        pushes.ensure_yesterdays_reviews()
        outbound.flag_overdue()
        db.session.commit()
        return {"processed": processed, **outbound.deliver_due()}
