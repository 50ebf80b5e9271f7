"""Revocation (CMT-8) on a recorded ground, one 失信 record per act (CMT-6), and what a
blacklisting does to the party's other cases (CMT-7)."""
from datetime import date, datetime

from sqlalchemy import select

from ...accounts.models import users_with_role
from ...core import audit, clock, deadlines
from ...core.errors import DomainError, PermissionDenied
from ...extensions import db
from ...notify import outbox
from ...notify.models import Channel
from ...parties.models import Party
from .. import credit
from ..events import case_revoked
from ..models import CaseState, CommitmentCase, MaterialState, RevocationGround
from .common import (CREDIT_ENTRY_CLOCK, TRANSITIONS, UNDECIDED, case_path, materials_due_at, move,
                     stop_clocks, store_document)

# CRD-2 grounds of the 失信 record a revocation makes (None: no record of its own)
CREDIT_GROUNDS = {
    RevocationGround.LATE: "late_materials",
    RevocationGround.MATERIALS_REJECTED: "materials_revoked",
    RevocationGround.SUPERVISION: "supervision_violation",
    RevocationGround.FALSE_MATERIALS: "fraud",  # CRD-3(1): 严重失信
    RevocationGround.BLACKLISTING: None,  # CMT-7: follows from an act already recorded
}
# CMT-9 (002 全程监督 Art 17): revoked for facts differing from the commitment or false
# materials → no more commitment approval
BARRING_GROUNDS = frozenset({RevocationGround.SUPERVISION, RevocationGround.FALSE_MATERIALS})
GROUND_SUPERVISION = "supervision_violation"  # SUP-4 penalty records use the same CRD-2 ground


# ---- CMT-7 blacklisting ---------------------------------------------------------------------

def _obtained_results(party: Party, exclude_id: int | None, serious: bool) -> list[CommitmentCase]:
    """Results already obtained by commitment and still in force; for 严重失信 those whose
    materials are complete are kept (000 诚信档案 Art 9)."""
    states = [CaseState.APPROVED, CaseState.SUSPENDED] + ([] if serious else [CaseState.FULFILLED])
    cases = db.session.scalars(select(CommitmentCase).where(
        CommitmentCase.party_id == party.id, CommitmentCase.state.in_(states),
        CommitmentCase.decided_at.is_not(None)).order_by(CommitmentCase.id)).all()
    return [c for c in cases if c.id != exclude_id]


def suspend_for_blacklist(party: Party, *, except_case_id: int | None = None) -> list:
    """CMT-7: pending (not yet decided) cases are suspended until the materials are complete."""
    cases = db.session.scalars(select(CommitmentCase).where(
        CommitmentCase.party_id == party.id, CommitmentCase.state.in_(UNDECIDED))).all()
    suspended = []
    for case in cases:
        if case.id == except_case_id:
            continue
        previous = case.state.value
        move(case, "suspend", None, reason="当事人列入失信名单")
        case.suspended_from = previous
        suspended.append(case)
    db.session.flush()
    return suspended


def on_party_blacklisted(party, record=None, status=None, **_) -> None:
    """CMT-7 (000 诚信档案 Art 7, 9): pending cases are suspended and the results already
    obtained by commitment are revoked on the ground of the blacklisting — no second 失信
    record (the act is the one `record` names)."""
    own_case = record.subject_id if record is not None and \
        record.subject_type == CommitmentCase.__tablename__ else None
    suspend_for_blacklist(party, except_case_id=own_case)
    serious = status is not None and credit.is_seriously_dishonest(status)
    for case in _obtained_results(party, own_case, serious):
        facts = (f"申请人于{record.listed_on.year}年{record.listed_on.month}月{record.listed_on.day}日"
                 f"因“{record.description}”被列入政务服务诚信档案黑名单" if record is not None
                 else "申请人被列入政务服务诚信档案黑名单")
        _revoke(None, case, RevocationGround.BLACKLISTING, facts)  # by the system, per office


# ---- CMT-8 revocation -----------------------------------------------------------------------

def revocation_grounds(case: CommitmentCase, on: date | None = None) -> list[RevocationGround]:
    """The grounds on which the approval office may revoke this case now (CMT-8). The
    supervision ground comes only through the recommendation (SUP-3)."""
    if case.state not in TRANSITIONS["revoke"][0] or case.decided_at is None:
        return []
    on = on or clock.today()
    grounds = []
    if case.revocation_basis and case.state == CaseState.REVOCATION_PENDING:
        grounds.append(RevocationGround(case.revocation_basis))
    elif case.state in (CaseState.APPROVED, CaseState.SUSPENDED):
        if clock.now() > materials_due_at(case):
            grounds.append(RevocationGround.LATE)
        if any(m.state == MaterialState.REJECTED for m in case.materials):
            grounds.append(RevocationGround.MATERIALS_REJECTED)
    grounds.append(RevocationGround.FALSE_MATERIALS)
    status = credit.credit_status(case.party, on)
    if status.blacklisted and not (credit.is_seriously_dishonest(status)
                                   and case.state == CaseState.FULFILLED):
        grounds.append(RevocationGround.BLACKLISTING)
    return list(dict.fromkeys(grounds))


def revoke(actor, case: CommitmentCase, basis, facts: str = "", now: datetime | None = None):
    """CMT-8: revocation by the approval office, only on a recorded ground."""
    if case.office_id != actor.office_id:
        raise PermissionDenied("只能撤销本处室作出的决定。")
    try:
        basis = RevocationGround(basis)
    except ValueError:
        raise DomainError("请选择撤销的法定事由。", field="basis") from None
    allowed = revocation_grounds(case, clock.to_local(now or clock.now()).date())
    if basis not in allowed:
        if not allowed:
            raise DomainError(f"当前状态“{case.state.label}”的案件没有可撤销的法定事由，不能撤销。",
                              field="basis")
        raise DomainError(f"不能以“{basis.label}”为由撤销本案件。可以适用的事由："
                          + "、".join(g.label for g in allowed) + "。", field="basis")
    facts = (facts or "").strip() or (case.revocation_ground if basis.value == case.revocation_basis
                                      else "")
    if not facts:
        raise DomainError("请填写撤销所依据的事实。", field="ground")
    return _revoke(actor, case, basis, facts, now)


def revoke_on_recommendation(actor, case: CommitmentCase, recommendation: str,
                             now: datetime | None = None):
    """SUP-3: the approval office agrees with the supervision office's recommendation."""
    if case.office_id != actor.office_id:
        raise PermissionDenied("只能撤销本处室作出的决定。")
    return _revoke(actor, case, RevocationGround.SUPERVISION,
                   f"经监管部门核查，{recommendation.strip()}", now)


def _revoke(actor, case: CommitmentCase, basis: RevocationGround, facts: str,
            now: datetime | None = None):
    """The decision (DOC-2), at most one 失信 record for the act (CMT-6), its publication, the
    push (LNK-3) and the SMS to the party. `actor` None: the system, for the case's office."""
    now = now or clock.now()
    move(case, "revoke", actor, reason=facts, basis=basis.value)
    case.revocation_ground = facts
    case.revocation_basis = basis.value
    case.revoked_at = now
    today = clock.to_local(now).date()
    act = deadlines.get(case, CREDIT_ENTRY_CLOCK)
    act_on = clock.to_local(act.basis_at).date() if act is not None and act.basis_at else today
    stop_clocks(case, now)
    document = store_document(case, "revocation", "撤销行政许可决定书",
                              "commitment/pdf/revocation.html", actor=actor, office=case.office,
                              basis=basis, reviewing_body=case.office.reviewing_body())
    case.revocation_number = document.number
    ground = CREDIT_GROUNDS[basis]
    if ground is not None:
        case.credit_ground = ground
        credit.record_dishonesty(  # CMT-6 / CRD-2, one record per act
            case.party, level="serious" if ground == "fraud" else "dishonest", ground=ground,
            office=case.office, description=f"{case.item_name}（{case.decision_number}）：{facts}",
            source="supervision" if basis == RevocationGround.SUPERVISION else "approval",
            actor=actor, occurred_on=min(act_on, today), subject=case,
            bars_commitment=basis in BARRING_GROUNDS)
    case.published_at = now  # CMT-8: published with the decision
    audit.record("commitment.publish", subject=case, actor=actor,
                 after={"number": case.revocation_number})
    case_revoked.send(case, now=now)  # LNK-3: revocations are pushed too
    if case.party.phone:
        outbox.queue(key=f"cmt-revoked-{case.id}", channel=Channel.SMS, phone=case.party.phone,
                     text=f"您办理的“{case.item_name}”承诺审批决定已被撤销（{case.revocation_number}），"
                          f"事由：{basis.label}。请到窗口领取撤销决定书。")
    if actor is None:
        for user in users_with_role(case.office_id, "approver"):
            outbox.queue(key=f"cmt-auto-revoked-{case.id}-{user.id}", channel=Channel.IN_APP,
                         user=user, link=case_path(case),
                         text=f"申请人{case.party.name}列入失信名单，承诺审批决定{case.decision_number}"
                              f"已依法撤销（{case.revocation_number}）。")
    return document


