"""Reviews factories: a centre (the hall's) whose window 1 finishes a 办件, the review office
and the unit's reviewer."""
from app.accounts.roles import OfficeKind
from app.hall.models import HallDevice, DeviceKind
from app.hall.services import devices, tickets
from app.matters import services as matters
from app.matters.models import MatterSource
from app.extensions import db
from tests import factories
from tests.hall.factories import centre_setup


def hall_with_pad():
    hall = centre_setup()
    pad = HallDevice(centre_id=hall.centre.id, kind=DeviceKind.PAD, name="1号窗口评价器",
                     window_id=hall.windows[0].id)
    db.session.add(pad)
    db.session.flush()
    hall.pad, hall.pad_token = pad, devices.token_for(pad)
    hall.reviewer = factories.user("leader", office=hall.item.office)
    hall.office = factories.user("leader", office=factories.office(OfficeKind.SERVICE_OFFICE,
                                                                    name="市政务服务办"))
    return hall


def finish_at_window(hall, now=None):
    """Window 1 calls, accepts and finishes a regular ticket: the finished 办件."""
    tickets.take_regular(hall.centre.id, "A", now=now)
    window = hall.windows[0]
    tickets.call_next(window, hall.clerk, now=now)
    tickets.start(window, hall.clerk, hall.item.code, now=now)
    return tickets.finish(window, hall.clerk, result="approved", now=now)


def finished_matter(hall, n=1, party=None, now=None):
    """A completed 办件 of the centre (no ticket), optionally with a party."""
    matter = matters.open_matter(source=MatterSource.ORDINARY, source_type="test", source_id=n,
                                 item=hall.item, party=party, party_name="" if party else "张三",
                                 centre_id=hall.centre.id, window_label="1号窗口", staff=hall.clerk,
                                 now=now)
    matters.complete_matter(matter, result="done", actor=hall.clerk, now=now)
    return matter
