"""Demo hall for `flask demo load`: business types, windows (a noon window), 7×24 urgent slots,
paired devices at every service centre; at 和平区政务服务中心 (the demo window clerk's centre)
a day in progress — bookings for today and the coming days, tickets waiting, called, served, an
appointment ticket placed by APT-6, and the clerk's 办件 with due dates; and a resident with two
no-shows this year and a booking of yesterday not kept, so the no-show sweep bans them."""
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import Office, User, office_by_code
from ..accounts.roles import OfficeKind
from ..catalog.services import current_items
from ..core import clock, identity, workdays
from ..extensions import db
from ..matters import services as matters
from ..matters.models import MatterSource
from ..parties.services import find_or_create_party
from .models import AppointmentState, BusinessType, HallDevice, HallWindow, NoShow, UrgentSlot
from .services import booking, tickets

TYPES = (("A", "市场准入", "市场准入"), ("B", "交通出行", "交通出行"), ("C", "医疗卫生", "医疗卫生"),
         ("D", "工程建设及综合", "工程建设"))
WINDOWS = ((1, "A,B,C,D", True), (2, "A", False), (3, "A,C", False), (4, "B", False),
           (5, "C,D", False), (6, "D", False))
RESIDENTS = (("赵敏", "13822220001"), ("钱程", "13822220002"), ("孙悦", "13822220003"),
             ("周杰", "13822220004"), ("吴昊", "13822220005"), ("郑爽", "13822220006"),
             ("冯媛", "13822220007"), ("陈晨", "13822220008"))
LATE_RESIDENT = ("褚失约", "13822220099")


def _resident_id(n: int) -> str:
    first17 = f"12010119{80 + n % 20:02d}0{1 + n % 9}1{n % 10}{100 + n:03d}"[:17]
    return first17 + identity.resident_id_check_char(first17)


def load() -> None:
    if db.session.scalar(select(BusinessType.id).limit(1)) is not None:
        return
    centres = list(db.session.scalars(select(Office).where(Office.kind == OfficeKind.SERVICE_CENTRE)
                                      .order_by(Office.id)))
    for centre in centres:
        db.session.add_all(BusinessType(centre_id=centre.id, letter=l, name=n, themes=t) for l, n, t in TYPES)
        db.session.add_all(HallWindow(centre_id=centre.id, number=n, letters=letters, noon=noon)
                           for n, letters, noon in WINDOWS)
        db.session.add(UrgentSlot(centre_id=centre.id, slot="18:00-20:00", daily_quota=2))
        db.session.flush()
        for kind, name in (("kiosk", "大厅入口取号机"), ("screen", "大厅叫号屏")):
            db.session.add(HallDevice(centre_id=centre.id, kind=kind, name=name))
    db.session.flush()
    centre = office_by_code("HPQ-ZX")
    if centre is not None:
        _day_in_progress(centre)


def _day_in_progress(centre) -> None:
    now = clock.now()
    today = clock.today()
    items = [i for i in current_items(bookable=True) if any(c.centre_id == centre.id for c in i.centres)]
    if not items:
        return
    parties = [find_or_create_party(kind="person", name=n, identifier=_resident_id(i), phone=p)
               for i, (n, p) in enumerate(RESIDENTS)]
    yesterday = today - timedelta(days=1)
    booked_before = clock.local_datetime(yesterday - timedelta(days=3), 10)
    # today's bookings (made days ago) and the coming days'
    for i, party in enumerate(parties[:4]):
        _book(items[i % len(items)], centre, today, party, booked_before, slot_index=i % 3)
    for i, party in enumerate(parties[4:]):
        _book(items[i % len(items)], centre, workdays.add_workdays(today, 1 + i % 3), party, now, i % 4)
    _late_resident(items[0], centre, yesterday)
    # the hall this morning: tickets taken, some served, one appointment checked in (APT-6)
    clerk = db.session.scalar(select(User).where(User.username == "demo_window"))
    windows = list(db.session.scalars(select(HallWindow).where(HallWindow.centre_id == centre.id)
                                      .order_by(HallWindow.number)))
    if clerk is not None:
        windows[1].clerk_id = clerk.id
    start = clock.local_datetime(today, 8, 45)
    for n, letter in enumerate("AABACABDAAB"):
        tickets.take_regular(centre.id, letter, now=min(start + timedelta(minutes=4 * n), now))
    tickets.take_appointment(centre.id, parties[0].identifier, now=min(start + timedelta(minutes=50), now))
    served_by = clerk
    for _ in range(2):
        tickets.call_next(windows[1], served_by, now=now)
        tickets.start(windows[1], served_by, item_code=items[0].code, now=now)
        tickets.finish(windows[1], served_by, result="approved", now=now)
    tickets.call_next(windows[1], served_by, now=now)
    tickets.call_next(windows[3], None, now=now)
    if clerk is not None:
        _clerk_matters(clerk, centre, items)


def _book(item, centre, day, party, at, slot_index):
    slot = item.slot_list[slot_index % len(item.slot_list)]
    with clock.frozen_at(at):
        return booking.place(item, centre_id=centre.id, day=day, slot=slot, urgent=False, party=party,
                             name=party.name, id_number=party.identifier, phone=party.phone, now=at)


def _late_resident(item, centre, yesterday) -> None:
    """Two no-shows earlier this year and yesterday's booking not kept: the next sweep bans."""
    name, phone = LATE_RESIDENT
    party = find_or_create_party(kind="person", name=name, identifier=_resident_id(99), phone=phone)
    for months_ago in (4, 2):
        day = yesterday - timedelta(days=30 * months_ago)
        while not workdays.is_workday(day):
            day -= timedelta(days=1)
        missed = _book(item, centre, day, party, clock.local_datetime(day - timedelta(days=1), 9), 0)
        missed.state, missed.active = AppointmentState.NO_SHOW, None
        db.session.add(NoShow(appointment_id=missed.id, party_id=party.id, day=day))
    _book(item, centre, yesterday, party, clock.local_datetime(yesterday - timedelta(days=1), 9), 1)


def _clerk_matters(clerk, centre, items) -> None:
    """办件 accepted over the last weeks: one near its due date (yellow), one overdue (red)."""
    today = clock.today()
    for n, days_ago in enumerate((1, 4, 8, 12)):
        item = items[n % len(items)]
        accepted = clock.local_datetime(today - timedelta(days=days_ago), 10)
        matters.open_matter(source=MatterSource.ORDINARY, source_type="demo", source_id=n + 1,
                            item=item, party_name=RESIDENTS[n][0], centre_id=centre.id,
                            window_label="2号窗口", staff=clerk, now=accepted)
