"""Near-duplicate orders from many requesters (HOT-15): the 集中反映 alerts. Idempotent (the
outbox key is per cluster and size step)."""
from . import app_context, once_per_slot


@once_per_slot
def hotline_clusters() -> int:
    from app.extensions import db
    from app.hotline.services import clusters

    with app_context():
        found = clusters.detect()
        db.session.commit()
        return len(found)
