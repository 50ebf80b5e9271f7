"""Demo commitment cases in every state, with their supervision steps (after the demo catalog).
It lives here because it drives both domains; imports run supervision → commitment."""
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..catalog.services import commitment_eligible_items
from ..core import clock, identity, workdays
from ..extensions import db
from ..commitment import services
from ..commitment.models import CommitmentCase
from ..parties.models import Party, PartyKind
from . import services as supervision

# Demo cases: the scan of the signed letter is a stand-in PDF (CMT-2 needs one to count as signed).
DEMO_SCAN = b"%PDF-1.4\n% demo: scan of the signed commitment letter\n%%EOF\n"

PARTIES = ["天津市和平区鑫源食品商行", "天津津味餐饮管理有限公司", "天津市河西区惠民超市",
           "天津海河便利店有限公司", "天津市南开区百味熟食店", "天津滨城食品贸易有限公司",
           "天津市红桥区老街坊餐馆", "天津同福药房有限公司", "天津市东丽区顺发粮油店",
           "天津市西青区福满楼酒家"]


def _party(n: int, name: str) -> Party:
    first17 = f"91120101MA{n + 7000:07d}"
    identifier = first17 + identity.uscc_check_char(first17)
    party = db.session.scalar(select(Party).where(Party.identifier == identifier))
    if party is None:
        party = Party(kind=PartyKind.ORG, identifier=identifier, name=name,
                      legal_representative="张" + "伟明华强军丽静芳"[n % 8], phone=f"1380022{n:04d}")
        db.session.add(party)
        db.session.flush()
    return party


def load_demo() -> None:
    if db.session.scalar(select(CommitmentCase.id).limit(1)) is not None:
        return
    approver = db.session.scalar(select(User).where(User.username == "demo_approver"))
    supervisor = db.session.scalar(select(User).where(User.username == "demo_supervisor"))
    items = [i for i in commitment_eligible_items(office=approver.office) if i.supervision_office_id
             == supervisor.office_id] if approver and supervisor else []
    if not items:
        return
    now = clock.now()
    earlier = now - timedelta(days=14)
    plan = ["accepted", "letter_signed", "approved", "fulfilled", "revocation_pending",
            "verifying", "rectifying", "recommended", "revoked", "rectify_expired"]
    # The revoked case's party also has a pending and an approved case: the 失信 record
    # suspends the first and revokes the second on the ground of the blacklisting (CMT-7).
    runs = [("suspended", 8), ("blacklisting", 8)] + [(state, n) for n, state in enumerate(plan)]
    for state, n in runs:
        name = PARTIES[n]
        item = items[(n + {"blacklisting": 1, "suspended": 2}.get(state, 0)) % len(items)]
        when = now if state in ("accepted", "letter_signed", "approved", "suspended") else earlier
        if state == "rectify_expired":
            when = now - timedelta(days=30)
        case = services.accept(approver, party=_party(n, name), item=item,
                               missing=[m.name for m in item.materials[-2:]], now=when)
        if state == "accepted":
            continue
        services.sign_letter(approver, case, scan=DEMO_SCAN, filename="承诺书扫描件.pdf", now=when)
        if state in ("letter_signed", "suspended"):  # suspended once the party is blacklisted
            continue
        services.decide(approver, case, now=when)
        task = supervision.task_for_case(case)
        if state == "fulfilled":
            for m in case.materials:
                services.check_material(approver, case, m, accepted=True, now=now)
        elif state == "revocation_pending":
            services.check_material(approver, case, case.materials[0], accepted=False,
                                    reason="提交的设备布局图与现场不符", now=now)
        elif task is not None:
            supervision.start(supervisor, task, now=when + timedelta(days=1))
            if state in ("rectifying", "recommended", "revoked"):
                supervision.record_finding(
                    supervisor, task, compliant=False, findings="现场未设置专用冷藏设施，与承诺不符",
                    rectification_due=workdays.add_workdays(clock.to_local(now).date(), 10), now=now)
            if state == "rectify_expired":  # 整改期满待处理 (SUP-3)
                found = when + timedelta(days=2)
                supervision.record_finding(
                    supervisor, task, compliant=False, findings="从业人员健康证明与承诺不符",
                    rectification_due=workdays.add_workdays(clock.to_local(found).date(), 5),
                    now=found)
            if state in ("recommended", "revoked"):
                supervision.after_rectification(supervisor, task, compliant=False,
                                                text="复查时仍未配置冷藏设施", now=now)
            if state == "revoked":
                supervision.answer_recommendation(approver, task, agree=True, now=now)
    db.session.flush()
