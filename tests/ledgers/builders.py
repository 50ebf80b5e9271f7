"""Rows of every ledger built straight from the models (tests/ledgers and the browser journey)."""
import itertools
from datetime import date, datetime, timezone
from types import SimpleNamespace

from app.accounts.roles import OfficeKind as K
from app.accounts.roles import OfficeLevel as L
from app.commitment.models import CaseState, CommitmentCase
from app.credit.models import CreditGround, CreditLevel, CreditRecord, CreditSource
from app.extensions import db
from app.hotline.models import OrderChannel, OrderType, WorkOrder
from app.hotline_followup.models import (AppealBatch, AppealItem, DubanItem, DubanTrigger, Rating,
                                         RatingSource, Satisfaction)
from app.matters.models import Matter, MatterSource
from app.nearby.models import NearbyCase
from app.reviews.models import BadReviewCase, DeductionKind, RectificationEntry
from tests import factories
from tests.catalog.factories import published_item

_n = itertools.count(1)
NOV = datetime(2026, 11, 10, 2, 0, tzinfo=timezone.utc)
OCT = datetime(2026, 10, 20, 2, 0, tzinfo=timezone.utc)
INJECTION = "=cmd|' /C calc'!A0"


def district(name: str, city):
    gov = factories.office(K.DEPARTMENT, name=f"{name}人民政府", level=L.DISTRICT)
    return SimpleNamespace(
        gov=gov,
        service=factories.office(K.SERVICE_OFFICE, name=f"{name}政务服务办公室", level=L.DISTRICT, parent=gov),
        centre=factories.office(K.SERVICE_CENTRE, name=f"{name}政务服务中心", level=L.DISTRICT, parent=gov),
        unit=factories.office(K.HANDLING_UNIT, name=f"{name}市场监管局", level=L.DISTRICT, parent=gov),
        approval=factories.office(K.APPROVAL, name=f"{name}行政审批局", level=L.DISTRICT, parent=gov),
    )


def _order(at):
    order = WorkOrder(number=f"T{next(_n):09d}", channel=OrderChannel.PHONE_12345,
                      order_type=OrderType.COMPLAINT, text="诉求内容", title="噪音扰民", created_at=at)
    db.session.add(order)
    db.session.flush()
    return order


def rows_for(d, item, clerk, at, party_name="天津市测试商贸有限公司"):
    """One row of every ledger for district `d` at `at`."""
    n = next(_n)
    party = factories.party(name=f"{party_name}{n}" if party_name != INJECTION else INJECTION)
    db.session.add(CommitmentCase(office_id=d.approval.id, party_id=party.id, item_id=item.id,
                                  item_code=item.code, item_name="食品经营许可", created_by_id=clerk.id,
                                  created_at=at, state=CaseState.APPROVED, materials_due=date(2026, 12, 1)))
    db.session.add(CommitmentCase(office_id=d.approval.id, party_id=party.id, item_id=item.id,
                                  item_code=item.code, item_name="食品经营许可", created_by_id=clerk.id,
                                  created_at=at, revoked_at=at, state=CaseState.REVOKED,
                                  revocation_number=f"撤决〔2026〕{n}号", revocation_basis="late"))
    db.session.add(CreditRecord(party_id=party.id, level=CreditLevel.DISHONEST, ground=CreditGround.LATE_MATERIALS,
                                office_id=d.approval.id, description="逾期未补正", source=CreditSource.APPROVAL,
                                occurred_on=at.date(), listed_on=at.date(), created_at=at))
    order = _order(at)
    db.session.add(DubanItem(order_id=order.id, unit_id=d.unit.id, trigger=DubanTrigger.MANUAL,
                             reason="群众反映强烈", created_at=at))
    month = date(at.year, at.month, 1)
    batch = db.session.query(AppealBatch).filter_by(unit_id=d.unit.id, month=month).one_or_none()
    if batch is None:  # one batch per unit and month
        batch = AppealBatch(unit_id=d.unit.id, month=month, created_at=at, leader_name="王副局长", sealed=True)
        db.session.add(batch)
        db.session.flush()
    rating = Rating(order_id=order.id, unit_id=d.unit.id, level=Satisfaction.DISSATISFIED,
                    source=RatingSource.REQUESTER, created_at=at)
    db.session.add(rating)
    db.session.flush()
    db.session.add(AppealItem(batch_id=batch.id, rating_id=rating.id, explanation="已依法解释", evidence="录音"))
    matter = Matter(number=f"LD{n:08d}", source=MatterSource.ORDINARY, source_type="ledger-test", source_id=n,
                    item_id=item.id, item_code=item.code, item_name="食品经营许可", party_name=party.name,
                    office_id=d.centre.id, received_at=at)
    db.session.add(matter)
    db.session.flush()
    case = BadReviewCase(matter_id=matter.id, kind=DeductionKind.UNSATISFIED, office_id=d.centre.id, opened_at=at)
    db.session.add(case)
    db.session.flush()
    db.session.add(RectificationEntry(case_id=case.id, office_id=d.centre.id, problem="态度生硬", due_at=at))
    db.session.add(NearbyCase(number=f"JB{n:010d}", item_id=item.id, item_code=item.code, item_name="食品经营许可",
                              handling_office_id=d.approval.id, intake_centre_id=d.centre.id,
                              intake_clerk_id=clerk.id, party_name=party.name, phone="13800001234",
                              ems_address="天津市某路1号", received_at=at, pushed_at=at,
                              waybill=f"10{n:011d}", ems_fee_cents=1800, ems_payer="区政务服务办",
                              dispatched_on=at.date()))
    db.session.flush()
