"""Credit-file factories: records made through the service, as in production."""
from datetime import date

from app.credit import services
from app.credit.models import CreditGround, CreditSource
from tests import factories


def record(party=None, *, office=None, ground=CreditGround.LATE_MATERIALS, actor=None,
           occurred_on: date | None = None, description="逾期未补交承诺的申请材料", **kw):
    party = party or factories.party()
    office = office or factories.office()
    ground = CreditGround(ground)
    return services.record_dishonesty(
        party, level=ground.level, ground=ground, office=office, description=description,
        source=kw.pop("source", CreditSource.APPROVAL), actor=actor,
        occurred_on=occurred_on or date(2026, 11, 20), **kw)
