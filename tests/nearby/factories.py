"""Nearby factories: a district centre's intake clerk, a city department's handling window with
its 分管领导 and 主要领导, and a published item of that department."""
from types import SimpleNamespace

from app.accounts.roles import OfficeKind, OfficeLevel
from app.extensions import db
from app.nearby.models import NearbyLeaders
from app.nearby.services import cases
from tests import factories
from tests.catalog.factories import department_offices, item

PDF = b"%PDF-1.4 scan"


def setup():
    centre = factories.office(OfficeKind.SERVICE_CENTRE, name="和平区政务服务中心", level=OfficeLevel.DISTRICT)
    intake = factories.user("window_clerk", office=centre, phone="13900000001")
    dept, office, supervision = department_offices()
    handler = factories.user("window_clerk", office=office, phone="13900000002")
    deputy = factories.user("leader", office=office, phone="13900000003")
    chief = factories.user("leader", office=office, phone="13900000004")
    db.session.add(NearbyLeaders(office_id=office.id, deputy_id=deputy.id, chief_id=chief.id))
    the_item = item(department=dept, office=office, supervision_office=supervision, committed_limit_days=5)
    other_dept, other_office, other_sup = department_offices()
    other_item = item(department=other_dept, office=other_office, supervision_office=other_sup)
    other_handler = factories.user("window_clerk", office=other_office)
    db.session.flush()
    return SimpleNamespace(centre=centre, intake=intake, office=office, handler=handler, deputy=deputy,
                           chief=chief, item=the_item, other_item=other_item, other_handler=other_handler)


def receive(s, **fields):
    fields.setdefault("item_code", s.item.code)
    fields.setdefault("party_name", "张三")
    fields.setdefault("phone", "13812345678")
    fields.setdefault("ems_address", "天津市和平区南京路1号")
    fields.setdefault("files", [(PDF, "申请表.pdf")])
    return cases.receive(clerk=s.intake, **fields)
