"""通报批评 (HOT-24, 004 Art 24): the centre records media exposures by hand, drafts the month's notice
from the data — units that pushed orders around (repeated returns, refusals within duty), that
did not answer 督办 items by their deadline, and that the media exposed — edits it, and a second
person (the centre's reviewer) issues it as a numbered official PDF; the units named are told."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, or_, select

from ...accounts.models import Office, users_with_role
from ...accounts.roles import Role
from ...core import audit, clock, pagination
from ...core.deadlines import Deadline
from ...core.errors import ConcurrentEdit, DomainError
from ...core.numbering import NumberSeries
from ...documents.models import IssuedDocument
from ...documents.services import issue_document
from ...extensions import db
from ...hotline.services import access
from ...notify import outbox
from ...notify.models import Channel
from ..models import CriticismNotice, DubanItem, DubanTrigger, MediaExposure, NoticeState
from .duban import DUBAN_CLOCK
from .ratings import month_after, month_bounds

NOTICE_KIND = "hotline_criticism_notice"
SERIES = NumberSeries("hotline_criticism_notice", "热线通报")
DRAFTER_ROLES = ("callback_agent", "hotline_reviewer")
PUSHING = (DubanTrigger.RETURNS, DubanTrigger.REFUSAL)  # Art 24(1) as the 督办 list records it


@dataclass
class UnitFindings:
    unit: Office
    pushing: list[DubanItem] = field(default_factory=list)   # Art 24(1)
    refused: list[DubanItem] = field(default_factory=list)   # Art 24(2)
    exposures: list[MediaExposure] = field(default_factory=list)  # Art 24(3)


def may_draft(user) -> bool:
    return access.is_centre(user) and user.has_any_role(DRAFTER_ROLES)


def _drafter(user) -> None:
    if not may_draft(user):
        raise DomainError("只有便民专线服务中心的统计或审核人员可以办理通报。")


RECENT_EXPOSURES = 20


def exposures_query():
    return select(MediaExposure)


def recent_exposures() -> tuple[list[MediaExposure], int]:
    """The latest exposures for the notices page, and how many there are in all."""
    rows = db.session.scalars(exposures_query().order_by(MediaExposure.exposed_on.desc(), MediaExposure.id.desc())
                              .limit(RECENT_EXPOSURES)).all()
    return rows, pagination.count(exposures_query())


def record_exposure(user, unit_id, exposed_on: date | None, outlet: str, summary: str) -> MediaExposure:
    """Art 24(3): recorded by hand (the outlet, the day and what was reported)."""
    _drafter(user)
    unit = db.session.get(Office, unit_id) if unit_id else None
    if unit is None or unit not in access.dispatch_units():
        raise DomainError("请选择承办单位。", field="unit_id")
    if exposed_on is None or exposed_on > clock.today():
        raise DomainError("请填写曝光日期（不晚于今天）。", field="exposed_on")
    outlet, summary = (outlet or "").strip(), (summary or "").strip()
    if len(outlet) < 2:
        raise DomainError("请填写媒体或通报部门名称。", field="outlet")
    if len(summary) < 6:
        raise DomainError("请写明曝光内容（不少于6个字）。", field="summary")
    row = MediaExposure(unit_id=unit.id, exposed_on=exposed_on, outlet=outlet[:100], summary=summary[:500],
                        created_at=clock.now(), created_by_id=user.id)
    db.session.add(row)
    db.session.flush()
    audit.record("hotline.exposure_recorded", subject=unit, actor=user,
                 after={"outlet": row.outlet, "date": exposed_on.isoformat()}, reason=row.summary)
    return row


def findings(month: date) -> list[UnitFindings]:
    """The month's data, per unit named: 督办 items for pushing around raised in the month,
    督办 items due in the month not reported by their deadline, exposures of the month."""
    start, end = month_bounds(month)
    by_unit: dict[int, UnitFindings] = {}

    def row(unit) -> UnitFindings:
        return by_unit.setdefault(unit.id, UnitFindings(unit))

    for item in db.session.scalars(select(DubanItem).where(
            DubanItem.trigger.in_(PUSHING), DubanItem.created_at >= start, DubanItem.created_at < end)
            .order_by(DubanItem.id)):
        row(item.unit).pushing.append(item)
    late = select(DubanItem).join(Deadline, and_(
        Deadline.subject_type == DubanItem.__tablename__, Deadline.subject_id == DubanItem.id,
        Deadline.kind == DUBAN_CLOCK)).where(
        Deadline.due_at >= start, Deadline.due_at < end, Deadline.due_at < clock.now(),
        or_(DubanItem.reported_at.is_(None), DubanItem.reported_at > Deadline.due_at))
    for item in db.session.scalars(late.order_by(DubanItem.id)):
        row(item.unit).refused.append(item)
    for exposure in db.session.scalars(select(MediaExposure).where(
            MediaExposure.exposed_on >= month, MediaExposure.exposed_on < month_after(month))
            .order_by(MediaExposure.exposed_on, MediaExposure.id)):
        row(exposure.unit).exposures.append(exposure)
    return sorted(by_unit.values(), key=lambda f: f.unit.id)


def compose(month: date, found: list[UnitFindings]) -> str:
    """The draft's body: one paragraph per unit with the facts, then the requirement."""
    lines = [f"为进一步压实12345热线诉求办理责任，根据12345热线办理工作有关规定，现将{month.year}年{month.month}月"
             "热线办理中存在问题的单位通报如下："]
    for n, f in enumerate(found, start=1):
        facts = []
        if f.pushing:
            facts.append("对职责范围内的承办事项推诿扯皮（" + "；".join(
                f"工单{i.order.number}{i.reason}" for i in f.pushing) + "）")
        if f.refused:
            facts.append("对督办事项未按期报送办理情况（" + "、".join(f"工单{i.order.number}" for i in f.refused) + "）")
        if f.exposures:
            facts.append("因办事不力受到媒体曝光或通报（" + "；".join(
                f"{e.exposed_on.month}月{e.exposed_on.day}日{e.outlet}：{e.summary}" for e in f.exposures) + "）")
        lines.append(f"{n}. {f.unit.name}：" + "；".join(facts) + "。")
    lines.append("以上单位予以通报批评。请被通报单位认真查找原因，切实整改，并于10个工作日内将整改情况书面报送。")
    return "\n".join(lines)


def draft(user, month: date) -> CriticismNotice:
    """The month's draft, generated from the data; one open draft per month."""
    _drafter(user)
    if month > clock.today().replace(day=1):
        raise DomainError("只能起草已开始月份的通报。", field="month")
    if db.session.scalar(select(CriticismNotice.id).where(CriticismNotice.month == month,
                                                          CriticismNotice.state != NoticeState.ISSUED)):
        raise DomainError("该月已有起草中的通报，请在原稿上修改。", field="month")
    found = findings(month)
    if not found:
        raise DomainError("该月没有需要通报批评的情形（推诿扯皮、拒不办理督办事项、媒体曝光）。", field="month")
    notice = CriticismNotice(office_id=user.office_id, month=month, title=f"关于{month.year}年{month.month}月"
                             "12345热线办理工作中有关问题的通报", body=compose(month, found),
                             unit_ids=[f.unit.id for f in found], drafted_by_id=user.id, created_at=clock.now())
    db.session.add(notice)
    db.session.flush()
    audit.record("hotline.notice_drafted", subject=notice, actor=user, after={"units": len(found)})
    return notice


def _check(notice: CriticismNotice, version, state: NoticeState) -> None:
    if version and str(notice.version) != str(version):
        raise ConcurrentEdit()
    if notice.state != state:
        raise DomainError(f"通报当前为“{notice.state.label}”，不能进行此操作。")


def edit(user, notice: CriticismNotice, title: str, body: str, version=None) -> CriticismNotice:
    _drafter(user)
    _check(notice, version, NoticeState.DRAFT)
    title, body = (title or "").strip(), (body or "").strip()
    if not 6 <= len(title) <= 100:
        raise DomainError("标题应为6–100个字。", field="title")
    if len(body) < 20:
        raise DomainError("正文不能少于20个字。", field="body")
    before = {"title": notice.title}
    notice.title, notice.body = title, body
    db.session.flush()
    audit.record("hotline.notice_edited", subject=notice, actor=user, before=before, after={"title": title})
    return notice


def submit(user, notice: CriticismNotice, version=None) -> CriticismNotice:
    _drafter(user)
    _check(notice, version, NoticeState.DRAFT)
    notice.state, notice.submitted_at, notice.review_note = NoticeState.SUBMITTED, clock.now(), ""
    db.session.flush()
    audit.record("hotline.notice_submitted", subject=notice, actor=user)
    for reviewer in users_with_role(notice.office_id, Role.HOTLINE_REVIEWER.value):
        if reviewer.id != notice.drafted_by_id:
            outbox.queue(key=f"hotline:notice:{notice.id}:submitted:{notice.version}:{reviewer.id}",
                         channel=Channel.IN_APP, user=reviewer, text=f"《{notice.title}》待审核印发。",
                         link=f"/hotline/followup/notices/{notice.id}")
    return notice


def _second_person(user, notice: CriticismNotice) -> None:
    """The reviewer who issues is not the drafter (four eyes)."""
    if not access.is_reviewer(user):
        raise DomainError("只有热线审核人员可以审核印发通报。")
    if user.id == notice.drafted_by_id:
        raise DomainError("起草人不能审核本人起草的通报，须由另一名审核人员审核。")


def send_back(user, notice: CriticismNotice, note: str, version=None) -> CriticismNotice:
    _second_person(user, notice)
    _check(notice, version, NoticeState.SUBMITTED)
    note = (note or "").strip()
    if len(note) < 4:
        raise DomainError("请写明退回修改意见。", field="note")
    notice.state, notice.review_note, notice.reviewed_by_id = NoticeState.DRAFT, note[:500], user.id
    db.session.flush()
    audit.record("hotline.notice_sent_back", subject=notice, actor=user, reason=note)
    return notice


def issue(user, notice: CriticismNotice, version=None) -> IssuedDocument:
    """Issued once as a numbered official PDF; the notice and the document never change again.
    Each unit named gets an in-app message with the document."""
    _second_person(user, notice)
    _check(notice, version, NoticeState.SUBMITTED)
    units = [db.session.get(Office, uid) for uid in notice.unit_ids]
    document = issue_document(NOTICE_KIND, "followup/pdf/notice.html", notice, SERIES, user, notice.title,
                              office=notice.office, authority=notice.office.name, addressee="各承办单位",
                              notice=notice, paragraphs=[p for p in notice.body.splitlines() if p.strip()],
                              copy_to="、".join(u.name for u in units), printed_by=notice.office.name)
    notice.state, notice.document_id = NoticeState.ISSUED, document.id
    notice.reviewed_by_id, notice.issued_at = user.id, clock.now()
    db.session.flush()
    audit.record("hotline.notice_issued", subject=notice, actor=user,
                 after={"document": document.number, "units": [u.name for u in units]})
    for unit in units:
        for handler in users_with_role(unit.id, Role.UNIT_HANDLER.value):
            outbox.queue(key=f"hotline:notice:{notice.id}:issued:{handler.id}", channel=Channel.IN_APP,
                         user=handler, text=f"贵单位被{document.number}《{notice.title}》通报批评，请认真整改。",
                         link=f"/documents/{document.id}/download")
    return document


def named(notice: CriticismNotice) -> list[Office]:
    return [db.session.get(Office, uid) for uid in notice.unit_ids]


def may_view_document(user, document: IssuedDocument) -> bool:
    """The centre and the units named read the issued notice."""
    notice = db.session.get(CriticismNotice, document.subject_id) if document.subject_type == \
        CriticismNotice.__tablename__ else None
    if notice is None:
        return False
    unit = access.unit_of(user)
    return access.is_centre(user) or (unit is not None and unit.id in notice.unit_ids)

