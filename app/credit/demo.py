"""Demo parties with credit records (flask demo load)."""
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import office_by_code, users_with_role
from ..core import clock, identity
from ..extensions import db
from ..parties.models import Party, PartyKind
from . import services
from .models import CreditGround, CreditSource

PARTIES = [
    # kind, name, identifier seed, records: (ground, days ago, description)
    (PartyKind.ORG, "天津市和平区示范餐饮有限公司", "91120101MA0DEM001",
     [(CreditGround.LATE_MATERIALS, 40, "承诺60个工作日内补交消防安全检查合格证明，逾期未补交")]),
    (PartyKind.ORG, "天津滨海示范建材贸易有限公司", "91120116MA0DEM002",
     [(CreditGround.LATE_MATERIALS, 500, "逾期未补交环评批复"),
      (CreditGround.SUPERVISION_VIOLATION, 100, "监管检查发现超范围经营")]),
    (PartyKind.PERSON, "张示范", "12010119800101002", [(CreditGround.MINOR, 20, "逾期未进行年度检验")]),
    (PartyKind.PERSON, "李诚信", "12010119850505003", []),
]


def _identifier(kind: PartyKind, first17: str) -> str:
    check = identity.uscc_check_char if kind == PartyKind.ORG else identity.resident_id_check_char
    return first17 + check(first17)


def load() -> None:
    office = office_by_code("SCJG-SP")
    if office is None:
        return
    listed = {}
    for kind, name, first17, records in PARTIES:
        identifier = _identifier(kind, first17)
        if db.session.scalar(select(Party).where(Party.identifier == identifier)) is not None:
            continue
        party = Party(kind=kind, name=name, identifier=identifier, phone="13800000000")
        db.session.add(party)
        db.session.flush()
        for ground, days_ago, description in records:
            # listed the day after the act, so the demo shows running and expired restrictions
            with clock.frozen_at(clock.now() - timedelta(days=days_ago - 1)):
                listed[name] = services.record_dishonesty(
                    party, level=ground.level, ground=ground, office=office, description=description,
                    source=CreditSource.APPROVAL, actor=None,
                    occurred_on=clock.today() - timedelta(days=1))
    _procedures(office, listed)


def _procedures(office, listed: dict) -> None:
    """One objection awaiting its decision, one decided and under publicity, and a repair refused
    with reasons, so the officer's pages and PDFs show each state (CRD-6/7)."""
    officers = users_with_role(office.id, "credit_officer")
    if not officers or len(listed) < 3:
        return
    officer = officers[0]
    services.file_objection(listed["张示范"], channel="online", actor=officer, item_name="机动车检验",
                            reason="逾期系检验机构停业整顿所致，已附检验机构停业公告")
    objection = services.file_objection(listed["天津滨海示范建材贸易有限公司"], channel="in_person",
                                        actor=officer, reason="超范围经营系登记机关核定范围表述不一致")
    services.decide_objection(objection, decision="maintain", actor=officer,
                              decision_text="经核查现场检查笔录与营业执照经营范围，超范围经营事实清楚，维持原认定。")
    repair = services.file_repair(listed["天津市和平区示范餐饮有限公司"], channel="online", actor=officer,
                                  reason="已补交消防安全检查合格证明", materials=["application", "qualification"])
    services.decide_repair(repair, actor=officer)
