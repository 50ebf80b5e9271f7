"""The audit chain's signed anchor (issue 15 §4), written by the scheduler."""
from . import app_context, once_per_slot


@once_per_slot
def anchor_audit_chain() -> int:
    from app.core import audit_anchors

    with app_context():
        return audit_anchors.write_anchor()["count"]
