"""The bad-review loop (REV-5): every 不满意 / 非常不满意 rating and every unsatisfactory
callback becomes a case. The unit's reviewer verifies it (1 working day); the rated staff may
explain and appeal; the review office decides — mistaken or malicious: not counted; justified:
rectification within a limit and a 整改台账 line, the result sent to the party by SMS link, the
party's reaction recorded. Overdue steps escalate to the review office. Every step audited."""
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ...accounts.models import User
from ...core import audit, clock, deadlines
from ...core.errors import ConcurrentEdit, DomainError
from ...extensions import db
from ...matters.models import Matter
from ...notify.models import Channel
from ...notify.outbox import queue
from ...parties.models import Party
from ..models import (BadReviewCase, Callback, CaseState, DeductionKind, Level, Rating,
                      RectificationEntry)
from . import access

VERIFY_CLOCK, RECTIFY_CLOCK = "review.verify", "review.rectify"
VERIFY_WORKDAYS = 1          # REV-5 "立即核实": one working day
REACTIONS = {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}


def _check(case: BadReviewCase, state: CaseState, version: int | None) -> None:
    if version is not None and version != case.version:
        raise ConcurrentEdit()
    if case.state != state:
        raise DomainError("该差评已进入其他环节，请刷新页面。")


def _notify(users, key: str, text: str, case: BadReviewCase) -> None:
    for user in users:
        queue(key=f"{key}:{user.id}", channel=Channel.IN_APP, user=user, text=text,
              link=f"/reviews/cases/{case.id}")


def open_case(matter: Matter, kind: DeductionKind, *, rating: Rating | None = None,
              callback: Callback | None = None, now: datetime | None = None) -> BadReviewCase:
    now = now or clock.now()
    case = BadReviewCase(matter_id=matter.id, rating_id=rating.id if rating else None,
                         callback_id=callback.id if callback else None, kind=kind,
                         office_id=matter.office_id, staff_id=matter.staff_id, opened_at=now)
    db.session.add(case)
    db.session.flush()
    deadlines.start_workdays(case, VERIFY_CLOCK, now, VERIFY_WORKDAYS, rule="REV-5", now=now)
    audit.record("review.case_opened", subject=case, actor=None,
                 after={"matter": matter.number, "kind": kind.value})
    _notify(access.unit_reviewers(matter.office_id), f"review:case:{case.id}:open",
            f"差评待核实：{matter.item_name}，办件编号{matter.number}，请于1个工作日内核实。", case)
    return case


def on_bad_rating(rating: Rating, now: datetime | None = None, **_) -> None:
    """Receiver of ratings' `rating_bad`: one case per rating."""
    if db.session.scalar(select(BadReviewCase.id).where(BadReviewCase.rating_id == rating.id)):
        return
    kind = DeductionKind.VERY_UNSATISFIED if rating.level == Level.VERY_UNSATISFIED \
        else DeductionKind.UNSATISFIED
    open_case(rating.matter, kind, rating=rating, now=now)


def verify(case: BadReviewCase, user, note: str, version: int | None = None,
           now: datetime | None = None) -> None:
    now = now or clock.now()
    _check(case, CaseState.VERIFYING, version)
    if not access.may_act_for_unit(user, case.office_id):
        raise DomainError("只有本单位的差评核实人或好差评管理部门可以核实。")
    if not (note or "").strip():
        raise DomainError("请填写核实情况。", field="note")
    case.verification, case.state = note.strip(), CaseState.DECIDING
    deadlines.stop(case, VERIFY_CLOCK, now=now)
    audit.record("review.case_verified", subject=case, actor=user, after={"note": case.verification})
    staff = [db.session.get(User, case.staff_id)] if case.staff_id else []
    _notify(staff, f"review:case:{case.id}:appeal",
            f"您办理的办件{case.matter.number}收到差评，已核实；如有异议可举证申诉。", case)
    _notify(access.review_office_users(), f"review:case:{case.id}:verified",
            f"差评已核实，待复核决定：办件编号{case.matter.number}。", case)


def appeal(case: BadReviewCase, user, explanation: str, version: int | None = None) -> None:
    """The rated staff member explains and appeals with evidence (REV-5)."""
    _check(case, CaseState.DECIDING, version)
    if user.id != case.staff_id:
        raise DomainError("只有被评价的工作人员本人可以申诉。")
    if not (explanation or "").strip():
        raise DomainError("请填写举证说明。", field="explanation")
    case.explanation, case.appealed = explanation.strip(), True
    audit.record("review.case_appealed", subject=case, actor=user, after={"explanation": case.explanation})


def decide(case: BadReviewCase, user, *, justified: bool, reason: str, rectify_days: int = 5,
           version: int | None = None, now: datetime | None = None) -> None:
    """The review office: not counted (mistaken / malicious, with reason) or justified →
    rectification with a limit in working days and a 整改台账 line (REV-4, REV-5)."""
    now = now or clock.now()
    _check(case, CaseState.DECIDING, version)
    if not access.is_review_office(user):
        raise DomainError("只有好差评管理部门可以作出复核决定。")
    if not (reason or "").strip():
        raise DomainError("请写明复核理由。", field="reason")
    case.decision_reason = reason.strip()
    if not justified:
        case.state, case.counted, case.closed_at = CaseState.NOT_COUNTED, False, now
    else:
        if not 1 <= rectify_days <= 30:
            raise DomainError("整改期限应为1至30个工作日。", field="rectify_days")
        case.state = CaseState.RECTIFYING
        clock_row = deadlines.start_workdays(case, RECTIFY_CLOCK, now, rectify_days, rule="REV-5", now=now)
        case.rectification_due = clock_row.due_at
        db.session.add(RectificationEntry(case_id=case.id, office_id=case.office_id,
                                          problem=case.verification, due_at=clock_row.due_at))
        _notify(access.unit_reviewers(case.office_id), f"review:case:{case.id}:rectify",
                f"差评经复核属实，请于{rectify_days}个工作日内整改：办件编号{case.matter.number}。", case)
    audit.record("review.case_decided", subject=case, actor=user,
                 after={"justified": justified, "reason": case.decision_reason,
                        "appealed": case.appealed})


def rectified(case: BadReviewCase, user, measures: str, version: int | None = None,
              now: datetime | None = None) -> None:
    """The unit reports its rectification; the party gets the result by SMS link."""
    now = now or clock.now()
    _check(case, CaseState.RECTIFYING, version)
    if not access.may_act_for_unit(user, case.office_id):
        raise DomainError("只有本单位或好差评管理部门可以报送整改情况。")
    if not (measures or "").strip():
        raise DomainError("请填写整改措施。", field="measures")
    case.rectification, case.state = measures.strip(), CaseState.FEEDBACK
    deadlines.stop(case, RECTIFY_CLOCK, now=now)
    entry = db.session.scalar(select(RectificationEntry).where(RectificationEntry.case_id == case.id))
    entry.measures, entry.done_at = case.rectification, now
    audit.record("review.case_rectified", subject=case, actor=user, after={"measures": case.rectification})
    phone = _party_phone(case)
    if phone:
        path = f"/pingjia/fankui/{feedback_token(case)}"
        queue(key=f"review:case:{case.id}:feedback", channel=Channel.SMS, phone=phone, link=path,
              text=f"您对“{case.matter.item_name}”的评价已核实整改，整改情况及反馈：{path}")


def _party_phone(case: BadReviewCase) -> str:
    if case.rating is not None and case.rating.rater_phone:
        return case.rating.rater_phone
    party = db.session.get(Party, case.matter.party_id) if case.matter.party_id else None
    return party.phone if party is not None else ""


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="review-feedback")


def feedback_token(case: BadReviewCase) -> str:
    return _serializer().dumps({"c": case.id})


def case_for_feedback(token: str) -> BadReviewCase | None:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    case = db.session.get(BadReviewCase, data.get("c"))
    return case if case is not None and case.state == CaseState.FEEDBACK else None


def party_reacts(case: BadReviewCase, reaction: str, remarks: str = "",
                 now: datetime | None = None) -> None:
    now = now or clock.now()
    _check(case, CaseState.FEEDBACK, None)
    if reaction not in REACTIONS:
        raise DomainError("请选择您对整改情况的评价。", field="reaction")
    case.party_reaction, case.party_remarks = reaction, (remarks or "").strip()[:500]
    case.state, case.closed_at = CaseState.CLOSED, now
    audit.record("review.party_reacted", subject=case, actor=None, after={"reaction": reaction})


@deadlines.on_overdue(VERIFY_CLOCK)
@deadlines.on_overdue(RECTIFY_CLOCK)
def escalate(deadline, now, **_) -> None:
    """An overdue verification or rectification goes up to the review office (REV-5)."""
    case = db.session.get(BadReviewCase, deadline.subject_id)
    if case is None:
        return
    case.escalated = True
    step = "核实" if deadline.kind == VERIFY_CLOCK else "整改"
    audit.record("review.case_escalated", subject=case, actor=None, after={"step": deadline.kind})
    _notify(access.review_office_users(), f"review:case:{case.id}:late:{deadline.kind}",
            f"差评{step}超期：办件编号{case.matter.number}，已提级督办。", case)
