"""LNK-6 / Art 23-25: the monthly consultation of each department or district.

The organiser schedules it with the participating units; the five discussion points of Art 24
are pre-filled; the minutes are written and distributed to the participating units (in-app
with a link to the minutes PDF). A month without a held meeting is flagged to the service
office."""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ...accounts.models import Office, User, UserRole
from ...accounts.roles import OfficeKind
from ...core import audit, clock
from ...core.errors import ConcurrentEdit, DomainError, PermissionDenied
from ...documents.services import issue_document, issued_for
from ...extensions import db
from ...notify import outbox
from ...notify.models import Channel
from ..models import Meeting, MeetingParticipant, MeetingStatus
from . import access, registry

# Art 24 (一)..(五)
AGENDA_POINTS = (
    "本月审管联动信息交互基本情况",
    "本月审管联动信息交互工作中出现的主要问题及应对措施",
    "审管联动信息交互工作要点",
    "市级各部门、各区汇报本单位审批-监管标准化互认工作进程",
    "其他需要会商的内容",
)
MINUTES_PDF_PATH = "/linkage/meetings/{id}/minutes.pdf"
MINUTES_KIND = "linkage_minutes"
MINUTES_TITLE = "审管联动集中会商会议纪要"
HELD = (MeetingStatus.HELD, MeetingStatus.DISTRIBUTED)


def month_of(moment: datetime) -> date:
    return clock.to_local(moment).date().replace(day=1)


def participant_choices(unit: Office) -> list[Office]:
    """The approval and supervision offices of the unit's pairs."""
    ids = registry.unit_office_ids(unit.id)
    return list(db.session.scalars(select(Office).where(Office.id.in_(ids)).order_by(Office.kind, Office.name)))


def schedule(actor, unit: Office, *, scheduled_at: datetime, place: str, participant_ids: list[int]) -> Meeting:
    if not access.can_manage_unit(actor, unit):
        raise PermissionDenied("只能为本部门（本区）安排审管联动会商。")
    allowed = {o.id for o in participant_choices(unit)}
    if not participant_ids or not set(participant_ids) <= allowed:
        raise DomainError("参加单位须为本部门（本区）的审批、监管处室。", field="participant_ids")
    meeting = Meeting(unit=unit, month=month_of(scheduled_at), scheduled_at=scheduled_at, place=place.strip(),
                      agenda=[{"title": title, "notes": ""} for title in AGENDA_POINTS],
                      created_by_id=actor.id, status=MeetingStatus.SCHEDULED)
    meeting.participants = [MeetingParticipant(office_id=i) for i in sorted(set(participant_ids))]
    db.session.add(meeting)
    db.session.flush()
    audit.record("linkage.meeting.schedule", subject=meeting, actor=actor,
                 after={"unit": unit.name, "at": scheduled_at.isoformat(), "participants": sorted(participant_ids)})
    return meeting


def save_minutes(actor, meeting: Meeting, *, version: int, point_notes: list[str], minutes: str,
                 attendees: str, held: bool, now: datetime | None = None) -> Meeting:
    """Art 25: the organiser keeps the record; marking it held needs the minutes."""
    if not access.can_manage_unit(actor, meeting.unit):
        raise PermissionDenied("只能编辑本部门（本区）的会商纪要。")
    if meeting.version != version:
        raise ConcurrentEdit()
    if meeting.status == MeetingStatus.DISTRIBUTED:
        raise DomainError("纪要已分发，不能再修改。")
    now = now or clock.now()
    if held and not minutes.strip():
        raise DomainError("标记为已召开前请填写会议纪要。", field="minutes")
    if held and meeting.scheduled_at > now:
        raise DomainError("会商时间未到，不能标记为已召开。", field="held")
    meeting.agenda = [{"title": title, "notes": (note or "").strip()}
                      for title, note in zip(AGENDA_POINTS, point_notes)]
    meeting.minutes, meeting.attendees = minutes.strip(), attendees.strip()
    if held and meeting.status == MeetingStatus.SCHEDULED:
        meeting.status, meeting.held_at = MeetingStatus.HELD, now
    db.session.flush()
    audit.record("linkage.meeting.minutes", subject=meeting, actor=actor, after={"status": meeting.status.value})
    return meeting


def _recipients(office_ids) -> list[User]:
    """The participating units' coordinators (and, without one, their approvers/supervisors)."""
    people = []
    for office_id in office_ids:
        users = list(db.session.scalars(select(User).join(UserRole).where(
            User.office_id == office_id, UserRole.role == "coordinator", User.active.is_(True))))
        if not users:
            users = list(db.session.scalars(select(User).join(UserRole).where(
                User.office_id == office_id, UserRole.role.in_(("approver", "supervisor")),
                User.active.is_(True))))
        people.extend(users)
    return people


def distribute(actor, meeting: Meeting, *, version: int, now: datetime | None = None) -> int:
    """Art 25: 形成会议纪要分发各参加单位. Returns the number of people notified."""
    if not access.can_manage_unit(actor, meeting.unit):
        raise PermissionDenied("只能分发本部门（本区）的会商纪要。")
    if meeting.version != version:
        raise ConcurrentEdit()
    if meeting.status != MeetingStatus.HELD:
        raise DomainError("会商召开并填写纪要后才能分发。")
    now = now or clock.now()
    people = _recipients(p.office_id for p in meeting.participants)
    for person in people:
        outbox.queue(key=f"lnk:minutes:{meeting.id}:{person.id}", channel=Channel.IN_APP, user=person,
                     text=f"{meeting.unit.name}{meeting.month.month}月审管联动会商纪要已分发，请查阅。",
                     link=MINUTES_PDF_PATH.format(id=meeting.id))
    meeting.status, meeting.distributed_at = MeetingStatus.DISTRIBUTED, now
    db.session.flush()
    # The distributed minutes are issued once and stored: every participant reads the same copy.
    issue_document(MINUTES_KIND, "linkage/pdf/minutes.html", meeting, None, actor, MINUTES_TITLE,
                   **minutes_context(meeting))
    audit.record("linkage.meeting.distribute", subject=meeting, actor=actor, after={"recipients": len(people)})
    return len(people)


def minutes_context(meeting: Meeting) -> dict:
    """What the minutes template needs besides the title: a draft preview renders it directly."""
    return {"meeting": meeting, "authority": meeting.unit.name,
            "issued_on": meeting.held_at or meeting.scheduled_at,
            "copy_to": "、".join(p.office.name for p in meeting.participants),
            "printed_by": meeting.unit.name,
            "printed_on": meeting.distributed_at or meeting.held_at or meeting.scheduled_at}


def may_view_minutes(user, document) -> bool:
    """Document-viewer policy: whoever may read the meeting may download its minutes."""
    meeting = db.session.get(Meeting, document.subject_id)
    return meeting is not None and can_read(user, meeting)


def distributed_minutes(meeting: Meeting):
    """The stored minutes as distributed, None while the meeting is not yet distributed."""
    found = issued_for(meeting, MINUTES_KIND)
    return found[-1] if found else None


def can_read(user, meeting: Meeting) -> bool:
    if access.reads_all(user) or access.can_manage_unit(user, meeting.unit):
        return True
    return user.office_id in {p.office_id for p in meeting.participants}


def meetings_for(user, year: int) -> list[Meeting]:
    query = select(Meeting).where(Meeting.month >= date(year, 1, 1), Meeting.month <= date(year, 12, 1))
    return [m for m in db.session.scalars(query.order_by(Meeting.scheduled_at.desc())) if can_read(user, m)]


def units_without_meeting(month: date) -> list[Office]:
    """Units with linkage pairs and no held meeting in the month (LNK-6: at least one)."""
    held = select(Meeting.unit_id).where(Meeting.month == month, Meeting.status.in_(HELD))
    return [u for u in registry.units() if u.id not in set(db.session.scalars(held))]


def service_office_users(unit: Office) -> list[User]:
    """The city service office and the unit's own 政务服务办 (a district)."""
    offices = select(Office.id).where(Office.kind == OfficeKind.SERVICE_OFFICE,
                                      (Office.parent_id.is_(None)) | (Office.parent_id == unit.id))
    return list(db.session.scalars(select(User).join(UserRole).where(
        User.office_id.in_(offices), UserRole.role.in_(("coordinator", "leader")), User.active.is_(True))))


def flag_months_without_meeting(now: datetime | None = None) -> list[Office]:
    """Cron entry (first days of a month): flag last month's units without a held meeting to
    the service office. Idempotent per unit and month."""
    now = now or clock.now()
    this_month = month_of(now)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    missing = units_without_meeting(last_month)
    for unit in missing:
        for person in service_office_users(unit):
            outbox.queue(key=f"lnk:nomeeting:{unit.id}:{last_month.isoformat()}:{person.id}",
                         channel=Channel.IN_APP, user=person,
                         text=f"{unit.name}{last_month.year}年{last_month.month}月未召开审管联动集中会商。",
                         link="/linkage/meetings")
    return missing
