"""The one place this package talks to the credit file (issue "Credit file").

Until feat/credit is merged, a minimal local stand-in answers: nobody is blacklisted, nobody is
rated; the real functions replace it automatically once app.credit.services exists."""
from dataclasses import dataclass, field
from datetime import date

try:  # pragma: no cover - which branch is merged decides
    from ..credit import services as _credit
except ImportError:  # feat/credit not merged yet
    _credit = None


@dataclass
class LocalCreditStatus:
    kind: str = "normal"
    label: str = "一般信用"
    restricted_until: date | None = None
    records: list = field(default_factory=list)
    green_channel: bool = False

    @property
    def blacklisted(self) -> bool:
        return self.kind == "blacklisted"

    @property
    def restricted(self) -> bool:
        return self.blacklisted and self.restricted_until is not None


def credit_status(party, on: date):
    if _credit is not None:
        return _credit.credit_status(party, on)
    return LocalCreditStatus()


def is_restricted(status) -> bool:
    """CMT-1 / CRD-4: no commitment approval during the restriction after a listing."""
    return bool(getattr(status, "restricted", getattr(status, "blacklisted", False)))


def record_dishonesty(party, **fields):
    """CRD-2: a 失信 record; returns None while the credit module is absent."""
    if _credit is not None:
        return _credit.record_dishonesty(party, **fields)
    return None


def connect_blacklisted(receiver) -> None:
    """CMT-7: receiver(party, **kw) runs when a party becomes blacklisted."""
    signal = getattr(_credit, "party_blacklisted", None) if _credit is not None else None
    if signal is not None:
        signal.connect(receiver, weak=False)
