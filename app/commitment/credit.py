"""The one place this package talks to the credit file (app.credit, CRD): status for CMT-1 and
CMT-9, the 失信 record of CMT-6/8, and the blacklisting event of CMT-7."""
from datetime import date

from ..credit import services as _credit
from ..credit.subjects import Subject, register_subject  # noqa: F401  (names a record's subject)

RecordGround = _credit.CreditGround


def credit_status(party, on: date):
    return _credit.credit_status(party, on)


def record_dishonesty(party, **fields):
    """CRD-2: one 失信 record per act (the act is the subject and the ground)."""
    return _credit.record_dishonesty(party, **fields)


def connect_blacklisted(receiver) -> None:
    """CMT-7: receiver(party, record=, status=, previous=) runs when a party is blacklisted."""
    _credit.party_blacklisted.connect(receiver, weak=False)


def is_seriously_dishonest(status) -> bool:
    return status.kind == _credit.StatusKind.SERIOUSLY_DISHONEST
