"""Demo data: office pairs, coordinators, a few weekly notes, meetings, a plan and a check."""
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User, office_by_code
from ..core import clock
from ..extensions import db
from .models import CheckKind, Coordinator, OfficePair
from .services import assessment, meetings, registry, weekly

PAIRS = [("SCJG-SP", "SCJG-JG"), ("SCJG-SP", "SCJG-YP"), ("JTW-SP", "JTW-JG"),
         ("WJW-SP", "WJW-JG"), ("ZJW-SP", "ZJW-JG")]
# office code -> (username, name, post, office phone)
COORDINATORS = {
    "SCJG-SP": ("demo_coordinator", "赵协调", "二级主任科员", "022-58880001"),
    "SCJG-JG": ("demo_lnk_scjg_jg", "钱监协", "科长", "022-58880002"),
    "SCJG-YP": ("demo_lnk_scjg_yp", "孙药协", "副科长", "022-58880003"),
    "JTW-SP": ("demo_lnk_jtw_sp", "李交审", "科员", "022-24530001"),
    "JTW-JG": ("demo_lnk_jtw_jg", "周交监", "科员", "022-24530002"),
}


def load() -> None:
    admin = db.session.scalar(select(User).where(User.username == "demo_admin"))
    if admin is None or db.session.scalar(select(OfficePair.id).limit(1)):
        return
    registry.sync_pairs(admin)  # from the demo catalog, where loaded
    for approval, supervision in PAIRS:
        registry.pair_offices(admin, office_by_code(approval), office_by_code(supervision))
    today = clock.today()
    people = {}
    for code, (username, name, post, phone) in COORDINATORS.items():
        office = office_by_code(code)
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, name=name, office=office)
            user.set_roles(["coordinator"])
            db.session.add(user)
            db.session.flush()
        people[code] = registry.appoint(admin, office, user, post=post, office_phone=phone,
                                        appointed_on=today - timedelta(days=120))
    _notes(people, today)
    _meetings(today)
    plan = assessment.save_plan(admin, today.year, 40, 60)
    assessment.record_check(admin, plan, office_by_code("SCJG"), kind=CheckKind.RANDOM,
                            checked_on=today.replace(month=min(today.month, 6), day=15),
                            assessors="市政务服务办考核组", scores=[17, 18, 16, 19, 17])


def _notes(people: dict[str, Coordinator], today) -> None:
    texts = {"problems": "个别事项推送后监管处室未及时接收。", "measures": "每日下班前电话核对当日推送量。",
             "next_steps": "继续跟踪承诺审批核查进度。"}
    for weeks_back in (3, 2, 1):
        week = weekly.week_start(today) - timedelta(days=7 * weeks_back)
        reminder = weekly.reminder_at(week)
        if reminder is None:
            continue
        weekly.send_weekly_reminders(reminder)
        for code, coordinator in people.items():
            if code == "JTW-JG" and weeks_back == 1:
                continue  # left overdue for the demo
            note = weekly.note_for(coordinator, week)
            weekly.file_note(coordinator.user, coordinator, week, texts, version=note.version,
                             now=reminder + timedelta(hours=4))


def _meetings(today) -> None:
    organiser = db.session.scalar(select(User).where(User.username == "demo_coordinator"))
    unit = office_by_code("SCJG")
    participants = [office_by_code(c).id for c in ("SCJG-SP", "SCJG-JG", "SCJG-YP")]
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=20)
    held = meetings.schedule(organiser, unit, scheduled_at=clock.local_datetime(last_month, 15),
                             place="委机关三楼会议室", participant_ids=participants)
    meetings.save_minutes(organiser, held, version=held.version,
                          point_notes=["本月推送 126 件，接收 125 件。", "一件推送延迟，已补推。",
                                       "加强承诺审批核查衔接。", "食品经营标准化互认已完成八成。", "无"],
                          minutes="一、每日核对推送量；二、下月完成药品流通监管标准互认。",
                          attendees="赵协调、钱监协、孙药协", held=True)
    meetings.distribute(organiser, held, version=held.version)
    meetings.schedule(organiser, unit, scheduled_at=clock.local_datetime(today.replace(day=min(today.day + 3, 28)), 15),
                      place="委机关三楼会议室", participant_ids=participants)
