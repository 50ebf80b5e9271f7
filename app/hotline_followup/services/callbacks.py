"""Callbacks (回访, HOT-12; 004 Art 17–20): random samples of completed orders with the seed
kept, orders that need no callback excluded with the ground, the callback record, and an
unsatisfactory callback sent back to the unit."""
import math
import random
import secrets
from datetime import date

from sqlalchemy import exists, select

from ...core import audit, clock
from ...core.errors import ConcurrentEdit, DomainError
from ...extensions import db
from ...hotline.models import OrderState, OrderType, WorkOrder
from ...hotline.services import access
from ...hotline.services.common import tell_unit
from ..models import Callback, CallbackSample, CallbackState, RatingSource, Satisfaction
from . import duban, rehandling
from .ratings import rate

# 004 Art 19: dissatisfaction that needs no callback; anonymous orders are left out of the draw.
EXCLUSIONS = {"policy": "对政策不满，且承办单位已耐心细致解释",
              "unreasonable": "诉求不合理，承办单位已依法依规处理",
              "anonymous": "匿名反映，无法回访"}


def _sampler(user):
    """The centre samples every unit; a unit's 受理部门 only its own (Art 17)."""
    if access.is_centre(user) and user.has_any_role(("callback_agent", "hotline_reviewer")):
        return user.office, None
    if access.is_unit_intake(user):
        return user.office, user.office_id
    raise DomainError("无权抽取回访工单。")


def draw(user, date_from: date, date_to: date, rate_percent: int, *, unit_id: int | None = None,
         order_type: str = "", seed: int | None = None) -> CallbackSample:
    office, own_unit = _sampler(user)
    unit_id = own_unit or unit_id
    if not date_from or not date_to or date_from > date_to:
        raise DomainError("请填写正确的办结日期范围。", field="date_to")
    if not rate_percent or not 1 <= rate_percent <= 100:
        raise DomainError("抽样比例应为1–100。", field="rate_percent")
    if order_type and order_type not in {t.value for t in OrderType}:
        raise DomainError("请选择诉求类型。", field="order_type")
    start, end = clock.local_datetime(date_from), clock.end_of_day(date_to)
    query = select(WorkOrder.id, WorkOrder.anonymous).where(
        WorkOrder.state == OrderState.COMPLETED, WorkOrder.completed_at >= start, WorkOrder.completed_at <= end,
        ~exists().where(Callback.order_id == WorkOrder.id))
    if unit_id:
        query = query.where(WorkOrder.unit_id == unit_id)
    if order_type:
        query = query.where(WorkOrder.order_type == OrderType(order_type))
    rows = db.session.execute(query.order_by(WorkOrder.id)).all()  # one period's completed orders
    eligible = [oid for oid, anonymous in rows if not anonymous]
    seed = seed if seed is not None else secrets.randbelow(2 ** 31)
    picked = random.Random(seed).sample(eligible, math.ceil(len(eligible) * rate_percent / 100))
    sample = CallbackSample(office_id=office.id, unit_id=unit_id, order_type=order_type, date_from=date_from,
                            date_to=date_to, rate_percent=rate_percent, seed=seed, candidates=len(eligible),
                            anonymous_left_out=len(rows) - len(eligible), created_at=clock.now(),
                            created_by_id=user.id)
    db.session.add(sample)
    db.session.flush()
    db.session.add_all(Callback(sample_id=sample.id, order_id=oid) for oid in sorted(picked))
    db.session.flush()
    audit.record("hotline.callback_drawn", subject=sample, actor=user,
                 after={"seed": seed, "picked": len(picked), "candidates": len(eligible)})
    return sample


def visible(user):
    """Query: the callbacks the user works on (the centre: its samples; a unit: its own)."""
    try:
        office, _ = _sampler(user)
    except DomainError:
        return None
    return select(Callback).join(CallbackSample).where(CallbackSample.office_id == office.id)


def _workable(user, callback: Callback) -> None:
    query = visible(user)
    if query is None or db.session.scalar(query.where(Callback.id == callback.id)) is None:
        raise DomainError("无权处理该回访。")
    if callback.state != CallbackState.PENDING:
        raise DomainError("该回访已处理。")


def exclude(user, callback: Callback, ground: str, note: str) -> Callback:
    """Art 19: no callback needed, with the ground recorded."""
    _workable(user, callback)
    if ground not in ("policy", "unreasonable"):
        raise DomainError("请选择无需回访的情形。", field="ground")
    if len((note or "").strip()) < 4:
        raise DomainError("请写明依据（如解释过程）。", field="note")
    callback.state, callback.exclusion_ground, callback.exclusion_note = CallbackState.EXCLUDED, ground, note.strip()
    callback.done_at, callback.done_by_id = clock.now(), user.id
    audit.record("hotline.callback_excluded", subject=callback.order, actor=user, reason=note.strip(),
                 after={"ground": EXCLUSIONS[ground]})
    return callback


def not_reached(user, callback: Callback) -> Callback:
    """An attempt that did not reach the requester (logged; the callback stays open)."""
    _workable(user, callback)
    callback.attempts += 1
    audit.record("hotline.callback_attempt", subject=callback.order, actor=user,
                 after={"attempt": callback.attempts, "result": "未接通"})
    return callback


def record(user, callback: Callback, *, satisfaction: str, reason_verified: bool, reason: str,
           other_questions: str, questions_answered: bool, version: str | None = None,
           not_contacted: bool = False, not_solved: bool = False, asked_authority: bool = False,
           enterprise_answered: bool = False) -> Callback:
    """Art 20: a dissatisfied requester's reason is verified first; other questions are answered
    at once or passed to the unit. 不满意 or an open question → back to the unit (Art 17); the
    centre sends a dissatisfied order that the requester wanted the authority to investigate,
    and that the unit passed to an enterprise to answer, back for its 管理部门 (Art 18)."""
    _workable(user, callback)
    if version and str(callback.version) != str(version):
        raise ConcurrentEdit()
    if satisfaction not in {s.value for s in Satisfaction}:
        raise DomainError("请选择满意度。", field="satisfaction")
    reason, other_questions = (reason or "").strip(), (other_questions or "").strip()
    if satisfaction == Satisfaction.DISSATISFIED.value and (not reason_verified or len(reason) < 4):
        raise DomainError("不满意的，须先核实并记录不满意原因。", field="reason")
    callback.attempts += 1
    callback.state, callback.satisfaction, callback.reason_verified = CallbackState.DONE, satisfaction, reason_verified
    callback.reason, callback.other_questions = reason, other_questions
    callback.questions_answered = bool(other_questions) and questions_answered
    callback.done_at, callback.done_by_id = clock.now(), user.id
    callback.not_contacted, callback.not_solved = bool(not_contacted), bool(not_solved)
    callback.asked_authority, callback.enterprise_answered = bool(asked_authority), bool(enterprise_answered)
    rate(callback.order, satisfaction, reason, source=RatingSource.CALLBACK, actor=user)
    order = callback.order
    dissatisfied = satisfaction == Satisfaction.DISSATISFIED.value
    if dissatisfied or (other_questions and not questions_answered):
        callback.sent_back = True  # HOT-13: answered to whoever made the callback (Art 21)
        by_authority = dissatisfied and asked_authority and enterprise_answered and access.is_centre(user)
        rehandling.order_rehandling(order, callback.sample.office_id, "callback",
                                    "\n".join(x for x in (reason, other_questions) if x), actor=user,
                                    by_authority=by_authority)
        audit.record("hotline.sent_back", subject=order, actor=user, reason=reason or other_questions)
        tell_unit(order, f"hotline:{order.id}:callback:{callback.id}",
                  f"工单{order.number}回访{'不满意' if reason else '有新的疑问'}，请重新办理：{reason or other_questions}")
    audit.record("hotline.callback_done", subject=order, actor=user,
                 after={"satisfaction": satisfaction, "sent_back": callback.sent_back})
    duban.evaluate(order)  # HOT-14: false completion, repeated dissatisfaction
    return callback
