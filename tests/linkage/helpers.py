"""Linkage factories: a department with an approval and a supervision office, their pair and
coordinators; a fake push/verification source for the reader interface."""
from datetime import date

from app.accounts.roles import OfficeKind
from app.extensions import db
from app.linkage.models import Coordinator, OfficePair
from tests import factories


def department(name=None, kind=OfficeKind.DEPARTMENT):
    dept = factories.office(kind, name=name)
    approval = factories.office(OfficeKind.APPROVAL, parent=dept)
    supervision = factories.office(OfficeKind.SUPERVISION, parent=dept)
    pair = OfficePair(approval_office=approval, supervision_office=supervision, unit_id=dept.id)
    db.session.add(pair)
    db.session.flush()
    return pair


def coordinator(office, user=None, appointed_on=date(2026, 1, 5)):
    user = user or factories.user("coordinator", office=office)
    row = Coordinator(office=office, user=user, post="科员", office_phone="022-23456789",
                      appointed_on=appointed_on)
    db.session.add(row)
    db.session.flush()
    return row


class FakeSource:
    """counts per (approval, supervision, day) -> dict, as commitment's reader will give."""

    def __init__(self):
        self.rows: dict = {}

    def add(self, pair, day, **counts):
        self.rows[(pair.approval_office_id, pair.supervision_office_id, day)] = counts

    def __call__(self, approval_id, supervision_id, day_from, day_to):
        total: dict = {}
        for (a, s, day), counts in self.rows.items():
            if a == approval_id and s == supervision_id and day_from <= day <= day_to:
                for name, n in counts.items():
                    total[name] = total.get(name, 0) + n
        return total
