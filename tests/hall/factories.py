"""Hall factories: a centre with two queues and three windows, a bookable item there, SMS codes
read back from the outbox (the tests play the applicant's phone)."""
import re
from types import SimpleNamespace

from sqlalchemy import select

from app.accounts.roles import OfficeKind
from app.core import clock, identity
from app.extensions import db
from app.hall.models import BusinessType, HallWindow
from app.notify import codes
from app.notify.models import OutboxMessage
from tests import factories
from tests.catalog.factories import published_item

PHONE = "13912345678"


def centre_setup(quota: int = 3, **item_fields):
    centre = factories.office(OfficeKind.SERVICE_CENTRE, name="测试区政务服务中心")
    item_fields.setdefault("theme", "市场监管")
    item = published_item(bookable=True, time_slots="09:00-10:00,10:00-11:00",
                          committed_limit_days=5, centres=[(centre, quota)], **item_fields)
    types = [BusinessType(centre_id=centre.id, letter="A", name="市场监管", themes="市场监管"),
             BusinessType(centre_id=centre.id, letter="B", name="社会事务", themes="社会事务")]
    db.session.add_all(types)
    clerk = factories.user("window_clerk", office=centre)
    windows = [HallWindow(centre_id=centre.id, number=n, letters="A,B" if n < 3 else "B",
                          noon=n == 1, clerk_id=clerk.id if n == 1 else None) for n in (1, 2, 3)]
    db.session.add_all(windows)
    db.session.flush()
    return SimpleNamespace(centre=centre, item=item, clerk=clerk, windows=windows)


def code_for(phone: str = PHONE, purpose: str = "book") -> str:
    """Ask for a code and read it from the SMS the outbox holds (a minute after the phone's
    last one: the clock moves on by 61 seconds first when needed)."""
    if codes._latest(phone, purpose) is not None:
        clock.advance(seconds=61)
    row = codes.send_code(phone, purpose)
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == f"hall:code:{row.id}"))
    return re.search(r"验证码为(\d{6})", message.text).group(1)


def person(n: int) -> str:
    """A valid resident ID number, different for every n below 40 000."""
    first17 = f"12010119{60 + n // 1000 % 40:02d}0101{n % 1000:03d}"
    return first17 + identity.resident_id_check_char(first17)
