"""Outbox delivery (NTF-1)."""

from . import app_context, once_per_slot


def deliver(message_id: int) -> str:
    """Deliver one outbox message (one claim at a time, with a lease). A gateway failure is
    recorded on the row and raised, so RQ retries the job (Retry with backoff, tasks.retry())."""
    from app.extensions import db
    from app.notify import delivery
    from app.notify.sms import GatewayError

    with app_context():
        if not delivery.claim(message_id):
            db.session.rollback()
            return "skipped"  # already sent, being sent, failed for good, or unknown
        db.session.commit()
        try:
            delivery.send(message_id)
        except GatewayError as error:
            db.session.rollback()
            delivery.failed(message_id, str(error))
            db.session.commit()
            raise
        delivery.sent(message_id)
        db.session.commit()
        return "sent"


@once_per_slot
def resend_pending() -> int:
    """The re-enqueue sweep: pending rows that were never (or long ago) handed to the queue
    go again, so a Redis outage delays a message but never loses it."""
    from app.extensions import db
    from app.notify import delivery, outbox

    with app_context():
        ids = delivery.due_for_resend()
        db.session.commit()
        return outbox.enqueue_delivery(ids) if ids else 0
