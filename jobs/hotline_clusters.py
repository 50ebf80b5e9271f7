"""Near-duplicate orders from many requesters (HOT-15): the index is written with each order, so
this is only a consistency check — orders of the window missing from the index are added (and
may raise a 集中反映 alert then). Idempotent."""
from . import app_context, once_per_slot


@once_per_slot
def hotline_clusters() -> int:
    from app.extensions import db
    from app.hotline.services import clusters

    with app_context():
        fixed = clusters.check()
        db.session.commit()
        return fixed
