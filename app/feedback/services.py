"""Complaints, suggestions and consultations (FBK-1..4).

file_feedback(...)   the public page: SMS-code identification, the limit's clock, A post told
                     (B post when A is absent)
record_contact       FBK-1 complaint: contact at once, verify, evidence
mark_special         FBK-1 special complaint with its reason: 30 wd instead of 5
reply                the answer; the party gets an SMS link to it
unit_statistics      FBK-4 per unit volumes, timeliness, overdue; daily_log the day's report"""
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from ..accounts.models import Office
from ..core import audit, clock, deadlines, excel, numbering
from ..core.errors import ConcurrentEdit, DomainError
from ..extensions import db
from ..notify import codes
from ..notify.models import Channel
from ..notify.outbox import queue
from .models import Feedback, FeedbackKind, FeedbackPost, FeedbackState

CODE_PURPOSE = "feedback"
REPLY_CLOCK = "feedback.reply"
REPLY_SALT = "feedback-reply"
REPLY_PATH = "/fankui/reply/{token}"
QUEUE_PATH = "/feedback/{id}"
# FBK-1/2: working days to reply
LIMITS = {FeedbackKind.COMPLAINT: 5, FeedbackKind.SUGGESTION: 30, FeedbackKind.CONSULTATION: 1}
SPECIAL_LIMIT = 30


def posts(unit_id: int) -> dict[str, FeedbackPost]:
    return {p.post: p for p in db.session.scalars(select(FeedbackPost).where(FeedbackPost.unit_id == unit_id))}


def post_of(user) -> FeedbackPost | None:
    return db.session.scalar(select(FeedbackPost).where(FeedbackPost.user_id == user.id))


def assign_post(unit: Office, user, post: str, actor=None) -> FeedbackPost:
    """FBK-3: file `user` as the unit's A or B post (replacing the holder of that post)."""
    post = (post or "").upper()
    if post not in ("A", "B"):
        raise DomainError("岗位须为A岗或B岗。", field="post")
    if user.office_id != unit.id:
        raise DomainError("处理人员须为本单位账号。", field="user")
    held = post_of(user)
    if held is not None and (held.unit_id, held.post) != (unit.id, post):
        raise DomainError(f"该账号已是{held.unit.name}的{held.post}岗。", field="user")
    row = posts(unit.id).get(post)
    if row is None:
        row = FeedbackPost(unit_id=unit.id, post=post, user_id=user.id)
        db.session.add(row)
    row.user_id = user.id
    if "unit_handler" not in user.roles:
        user.set_roles(user.roles | {"unit_handler"})
    db.session.flush()
    audit.record("feedback.post_assigned", subject=row, actor=actor, after={"user": user.username, "post": post})
    return row


def set_absent(row: FeedbackPost, absent: bool, actor) -> None:
    row.absent = bool(absent)
    audit.record("feedback.post_absent", subject=row, actor=actor, after={"absent": row.absent})


def units():
    """The units that can receive feedback: those with a post filed."""
    return list(db.session.scalars(select(Office).where(
        Office.id.in_(select(FeedbackPost.unit_id))).order_by(Office.name)))


def _notify_posts(fb: Feedback) -> None:
    """Both posts see the queue; the A post is told, the B post when A is absent (FBK-3)."""
    rows = posts(fb.unit_id)
    a, b = rows.get("A"), rows.get("B")
    told = [a] if a is not None and not a.absent and a.user.active else [b] if b is not None else []
    text = f"新{fb.kind.label}（{fb.number}）：{fb.content[:40]}"
    for row in told:
        queue(key=f"feedback:{fb.id}:new:{row.user_id}", channel=Channel.IN_APP, user=row.user,
              text=text, link=QUEUE_PATH.format(id=fb.id))
        if row.user.phone:
            queue(key=f"feedback:{fb.id}:new:{row.user_id}:sms", channel=Channel.SMS,
                  phone=row.user.phone, text=f"【政务服务】{text}，请及时处理。")


def _start_clock(fb: Feedback, n: int, now: datetime) -> None:
    row = deadlines.start_workdays(fb, REPLY_CLOCK, fb.created_at, n,
                                   warn_after=n - 1 if n > 1 else None, rule="FBK-1", now=now)
    fb.due_at = row.due_at


def file_feedback(*, kind: str, unit_id: int, content: str, name: str, phone: str, code: str,
                  item_name: str = "", staff_name: str = "", now: datetime | None = None) -> Feedback:
    now = now or clock.now()
    try:
        kind = FeedbackKind(kind)
    except ValueError:
        raise DomainError("请选择类别。", field="kind") from None
    if unit_id not in {u.id for u in units()}:
        raise DomainError("请选择受理单位。", field="unit")
    if not (content or "").strip():
        raise DomainError("请填写内容。", field="content")
    if not (name or "").strip():
        raise DomainError("请填写姓名。", field="name")
    phone = codes.check_mobile(phone)
    codes.verify_code(phone, CODE_PURPOSE, code, now)
    return create_feedback(kind=kind, unit_id=unit_id, content=content, name=name, phone=phone,
                           item_name=item_name, staff_name=staff_name, now=now)


def create_feedback(*, kind: FeedbackKind, unit_id: int, content: str, name: str, phone: str,
                    item_name: str = "", staff_name: str = "", now: datetime) -> Feedback:
    """The checked item: numbered, its limit's clock started, the post told."""
    year = clock.to_local(now).year
    fb = Feedback(number=f"TJ{year}{unit_id:04d}{numbering.next_number('feedback', unit_id, year):06d}",
                  kind=kind, unit_id=unit_id, content=content.strip(), name=name.strip(), phone=phone,
                  item_name=(item_name or "").strip(), staff_name=(staff_name or "").strip(), created_at=now)
    db.session.add(fb)
    db.session.flush()
    _start_clock(fb, LIMITS[kind], now)
    _notify_posts(fb)
    audit.record("feedback.filed", subject=fb, actor=None, after={"kind": kind.value, "unit": unit_id})
    return fb


def can_handle(fb: Feedback, user) -> bool:
    row = post_of(user)
    return row is not None and row.unit_id == fb.unit_id


def _editable(fb: Feedback, user, version) -> None:
    if version is not None and version != fb.version:
        raise ConcurrentEdit()
    if not can_handle(fb, user):
        raise DomainError("只有本单位的A、B岗可以处理。")
    if fb.state == FeedbackState.REPLIED:
        raise DomainError("已答复，不能再修改。")


def reveal_phone(fb: Feedback, user, *, reason: str) -> str:
    """FBK-1 needs the complainant's number: the full number for a post, with a reason, audited
    (SEC-5, SEC-6)."""
    if not can_handle(fb, user):
        raise DomainError("只有本单位的A、B岗可以查看。")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise DomainError("请填写查看完整号码的事由", field="reason")
    audit.record("feedback.reveal", subject=fb, actor=user, reason=reason[:500], after={"fields": ["phone"]})
    return fb.phone


def record_contact(fb: Feedback, user, *, note: str, evidence: str = "", version=None,
                   now: datetime | None = None) -> Feedback:
    """FBK-1: the complainant contacted, the facts verified, the evidence noted."""
    _editable(fb, user, version)
    if not (note or "").strip():
        raise DomainError("请填写联系核实情况。", field="note")
    fb.contacted_at = now or clock.now()
    fb.contact_note, fb.evidence = note.strip(), (evidence or "").strip()
    fb.state = FeedbackState.CONTACTED
    audit.record("feedback.contacted", subject=fb, actor=user, after={"note": fb.contact_note})
    return fb


def mark_special(fb: Feedback, user, *, reason: str, version=None, now: datetime | None = None) -> Feedback:
    """FBK-1: a special complaint finishes within 30 wd of filing; the reason is recorded."""
    now = now or clock.now()
    _editable(fb, user, version)
    if fb.kind != FeedbackKind.COMPLAINT:
        raise DomainError("只有投诉可以认定为情况特殊。")
    if not (reason or "").strip():
        raise DomainError("请填写情况特殊的理由。", field="reason")
    fb.special, fb.special_reason = True, reason.strip()
    _start_clock(fb, SPECIAL_LIMIT, now)
    fb.overdue = False
    audit.record("feedback.special", subject=fb, actor=user, after={"reason": fb.special_reason, "due_at": fb.due_at})
    return fb


def reply_token(fb: Feedback) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=REPLY_SALT).dumps(fb.id)


def from_reply_token(token: str) -> Feedback | None:
    try:
        feedback_id = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=REPLY_SALT).loads(token)
    except BadSignature:
        return None
    fb = db.session.get(Feedback, feedback_id)
    return fb if fb is not None and fb.state == FeedbackState.REPLIED else None


def reply(fb: Feedback, user, *, text: str, version=None, now: datetime | None = None) -> Feedback:
    """The answer; a complaint is answered only after the contact (FBK-1). SMS link to it."""
    now = now or clock.now()
    _editable(fb, user, version)
    if not (text or "").strip():
        raise DomainError("请填写答复内容。", field="text")
    if fb.kind == FeedbackKind.COMPLAINT and fb.contacted_at is None:
        raise DomainError("投诉须先联系投诉人核实情况，再行答复。", field="text")
    fb.reply, fb.replied_at, fb.replied_by_id = text.strip(), now, user.id
    fb.state = FeedbackState.REPLIED
    deadlines.stop(fb, REPLY_CLOCK, now=now)
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + REPLY_PATH.format(token=reply_token(fb))
    queue(key=f"feedback:{fb.id}:reply:sms", channel=Channel.SMS, phone=fb.phone,
          text=f"【天津政务服务】您的{fb.kind.label}（{fb.number}）已答复，请查看：{link}")
    audit.record("feedback.replied", subject=fb, actor=user, after={"on_time": fb.on_time})
    return fb


@deadlines.on_overdue(REPLY_CLOCK)
def _on_overdue(deadline, now: datetime) -> None:
    fb = db.session.get(Feedback, deadline.subject_id)
    if fb is None or fb.state == FeedbackState.REPLIED:
        return
    fb.overdue = True
    for row in posts(fb.unit_id).values():  # both posts are told when it is late
        queue(key=f"feedback:{fb.id}:overdue:{int(deadline.due_at.timestamp())}:{row.user_id}",
              channel=Channel.IN_APP, user=row.user, text=f"{fb.kind.label}{fb.number}已超过答复期限。",
              link=QUEUE_PATH.format(id=fb.id))


def queue_query(unit_id: int, state: str = ""):
    query = select(Feedback).where(Feedback.unit_id == unit_id)
    if state:
        query = query.where(Feedback.state == FeedbackState(state))
    return query


def unit_statistics(start: date, end: date, unit_ids=None) -> list[dict]:
    """FBK-4: per unit and kind: received, replied, on time, overdue, open (filed in [start, end])."""
    first = clock.local_datetime(start)
    last = clock.end_of_day(end)
    query = select(Feedback.unit_id, Feedback.kind, Feedback.state, Feedback.overdue,
                   Feedback.replied_at <= Feedback.due_at, func.count()).where(
        Feedback.created_at >= first, Feedback.created_at <= last).group_by(
        Feedback.unit_id, Feedback.kind, Feedback.state, Feedback.overdue, Feedback.replied_at <= Feedback.due_at)
    if unit_ids is not None:
        query = query.where(Feedback.unit_id.in_(list(unit_ids)))
    table: dict[tuple, dict] = {}
    found = db.session.execute(query).all()
    names = dict(db.session.execute(select(Office.id, Office.name).where(
        Office.id.in_({row[0] for row in found}))).all()) if found else {}
    for unit_id, kind, state, overdue, in_time, n in found:
        row = table.setdefault((unit_id, kind), {"unit": names.get(unit_id, ""), "kind": kind.label,
                                                 "received": 0, "replied": 0, "on_time": 0,
                                                 "overdue": 0, "open": 0})
        row["received"] += n
        if state == FeedbackState.REPLIED:
            row["replied"] += n
            row["on_time"] += n if in_time else 0
        else:
            row["open"] += n
        row["overdue"] += n if overdue else 0
    return sorted(table.values(), key=lambda r: (r["unit"], r["kind"]))


def daily_log(day: date, unit_ids=None) -> list[dict]:
    """FBK-4 日志报告: the day's figures per unit and kind."""
    return unit_statistics(day, day, unit_ids)


STATISTICS_COLUMNS = (
    excel.Column("单位", lambda r: r["unit"], 26), excel.Column("类别", lambda r: r["kind"], 8),
    excel.Column("收件", lambda r: r["received"], 8), excel.Column("已答复", lambda r: r["replied"], 8),
    excel.Column("按时答复", lambda r: r["on_time"], 10), excel.Column("超期", lambda r: r["overdue"], 8),
    excel.Column("未答复", lambda r: r["open"], 8),
)


def statistics_workbook(start: date, end: date, unit_ids=None) -> bytes:
    """FBK-4 in Excel: the period's figures and, per day, the daily log."""
    caption = f"投诉建议咨询处理统计（{start:%Y-%m-%d}至{end:%Y-%m-%d}）"
    return excel.workbook(excel.Sheet("统计", STATISTICS_COLUMNS, unit_statistics(start, end, unit_ids),
                                      caption=caption))
