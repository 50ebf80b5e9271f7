"""审管联动 workspace. Thin views: load or 404 → role gate → scope → form → one service call."""
from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import Office, User, UserRole
from ..core import clock, excel, htmx
from ..core.downloads import PDF, send_bytes
from ..core.errors import DomainError, check_version, submitted_version
from ..core.inputs import in_calendar_span, year_arg
from ..core.permissions import public, roles_required
from ..core.web import chinese_date as cn_day
from ..documents.pdf import render_pdf
from ..documents.views import serve_issued
from ..extensions import db
from .forms import (AppointForm, CheckForm, MeetingForm, PairForm, PlanForm, MinutesForm, ProblemForm, ProblemReportForm, ProblemResolveForm, VersionForm,
                    WeeklyNoteForm)
from . import reader
from .models import CheckKind, Coordinator, Meeting, MeetingStatus, OfficePair, Problem, WeeklyNote
from .services import access, assessment, meetings, reconcile, registry, weekly
from .services.access import LINKAGE_ROLES

bp = Blueprint("linkage", __name__, url_prefix="/linkage")


def _user():
    return current_user._get_current_object()


def _form_error(form, error: DomainError, default: str) -> None:
    field = getattr(form, error.field or "", None) or getattr(form, default)
    field.errors = list(field.errors) + [error.message]


def _parse_date(value: str | None, default: date) -> date:
    try:
        day = date.fromisoformat(value) if value else default
    except ValueError:
        abort(404)
    if not in_calendar_span(day):  # 9999-12-31 would fail in the calendar
        abort(404)
    return day


def _button(call, done: str, url: str):
    """A one-button POST: run the service call, commit, flash, back to the list."""
    try:
        result = call()
    except DomainError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(done.format(result=result), "success")
    return htmx.redirect(url)


def _refuse(message: str, url: str):
    """Out of scope on a route without an object id: say why and go back (no object to 404)."""
    flash(message, "error")
    return redirect(url)


def _pdf(data: bytes, filename: str, fallback: str | None = None):
    return send_bytes(data, filename, PDF, inline=True, fallback=fallback)


# ---- LNK-2 coordinator registry -------------------------------------------------------------

def _registry_offices(user) -> list[Office]:
    query = select(Office).where(Office.kind.in_(registry.LINKAGE_KINDS), Office.active.is_(True))
    if not access.is_city_service_office(user):
        query = query.where(Office.id == user.office_id)
    return list(db.session.scalars(query.order_by(Office.name)))


def _appoint_form(user) -> AppointForm:
    form = AppointForm()
    offices = _registry_offices(user)
    form.office_id.choices = [(o.id, o.name) for o in offices]
    people = db.session.scalars(select(User).join(UserRole).where(
        User.office_id.in_([o.id for o in offices]), UserRole.role == "coordinator",
        User.active.is_(True)).order_by(User.office_id, User.name))
    form.user_id.choices = [(u.id, f"{u.name}（{u.office.name}）") for u in people]
    if not form.appointed_on.data:
        form.appointed_on.data = clock.today()
    return form


@bp.route("/coordinators", methods=["GET", "POST"])
@roles_required(*LINKAGE_ROLES)
def coordinators():
    user = _user()
    form = _appoint_form(user) if (user.has_role("coordinator") or user.has_role("admin")) else None
    if form is not None and form.validate_on_submit():
        office, person = db.get_or_404(Office, form.office_id.data), db.get_or_404(User, form.user_id.data)
        try:
            registry.appoint(user, office, person, post=form.post.data or "",
                             office_phone=form.office_phone.data, appointed_on=form.appointed_on.data)
        except DomainError as error:
            _form_error(form, error, "user_id")
        else:
            db.session.commit()
            flash("已登记审管协调员。", "success")
            return redirect(url_for(".coordinators"))
    rows = [c for c in registry.published_list()
            if access.reads_all(user) or access.can_see_office(user, c.office_id)]
    return render_template("linkage/coordinators.html", rows=rows, form=form,
                           can_manage=lambda c: access.can_manage_registry(user, c.office),
                           version_form=VersionForm())


@bp.route("/coordinators/<int:coordinator_id>/withdraw", methods=["POST"])
@roles_required("coordinator", "admin")
def coordinator_withdraw(coordinator_id: int):
    coordinator = db.get_or_404(Coordinator, coordinator_id)
    if not access.can_manage_registry(_user(), coordinator.office):
        abort(403)
    version = submitted_version(VersionForm().version.data)
    return _button(lambda: registry.withdraw(_user(), coordinator, version), "已撤销该协调员。",
                   url_for(".coordinators"))


@bp.route("/coordinators/public")
@public
def coordinators_public():
    """Art 19: the list is published to the public (printable)."""
    return render_template("linkage/coordinators_public.html", rows=registry.published_list())


PAIRS_BY_SERVICE_OFFICE = "审管对应关系由市政务服务办维护。"


@bp.route("/pairs", methods=["GET", "POST"])
@roles_required(*LINKAGE_ROLES)
def pairs():
    """The approval–supervision office pairs (maintained by the city service office)."""
    user = _user()
    form = None
    if access.is_city_service_office(user):
        form = PairForm()
        offices = db.session.scalars(select(Office).where(Office.active.is_(True)).order_by(Office.name)).all()
        form.approval_office_id.choices = [(o.id, o.name) for o in offices if o.kind.value == "approval"]
        form.supervision_office_id.choices = [(o.id, o.name) for o in offices if o.kind.value == "supervision"]
        if form.validate_on_submit():
            try:
                registry.pair_offices(user, db.get_or_404(Office, form.approval_office_id.data),
                                      db.get_or_404(Office, form.supervision_office_id.data))
            except DomainError as error:
                _form_error(form, error, "approval_office_id")
            else:
                db.session.commit()
                flash("审管对应关系已保存。", "success")
                return redirect(url_for(".pairs"))
    elif request.method == "POST":
        return _refuse(PAIRS_BY_SERVICE_OFFICE, url_for(".pairs"))
    return render_template("linkage/pairs.html", rows=access.visible_pairs(user), form=form,
                           version_form=VersionForm())


@bp.route("/pairs/sync", methods=["POST"])
@roles_required("coordinator", "admin")
def pairs_sync():
    if not access.is_city_service_office(_user()):
        return _refuse(PAIRS_BY_SERVICE_OFFICE, url_for(".pairs"))
    return _button(lambda: registry.sync_pairs(_user()), "已从事项目录新增 {result} 组审管对应关系。",
                   url_for(".pairs"))


# ---- LNK-5 weekly notes ---------------------------------------------------------------------

def _weekly_offices(user) -> list[Office]:
    if access.reads_all(user):
        ids = {c.office_id for c in registry.published_list()}
    else:
        ids = {o for p in access.visible_pairs(user) for o in (p.approval_office_id, p.supervision_office_id)
               if access.can_see_office(user, o)} | {user.office_id}
    return list(db.session.scalars(select(Office).where(Office.id.in_(ids)).order_by(Office.name)))


def _weekly_filter(user):
    """The week and office filter of the weekly overview and its Excel: (week, the offices the
    user may see, the chosen office or None, the office ids shown); 403 outside the scope."""
    week = weekly.week_start(_parse_date(request.args.get("week"), clock.today()))
    offices = _weekly_offices(user)
    office_id = request.args.get("office", type=int)
    if office_id is not None and office_id not in {o.id for o in offices}:
        abort(403)
    return week, offices, office_id, [office_id] if office_id else [o.id for o in offices]


@bp.route("/weekly")
@roles_required(*LINKAGE_ROLES)
def weekly_list():
    user = _user()
    week, offices, office_id, shown = _weekly_filter(user)
    rows = weekly.week_overview(shown, week)
    return htmx.render("linkage/weekly.html", "linkage/_weekly_rows.html", rows=rows, week=week,
                       offices=offices, office_id=office_id, timedelta=timedelta,
                       reminder_at=weekly.reminder_at(week), overdue_from=weekly.overdue_from(week),
                       mine=registry.active_coordinator_for(user))


WEEKLY_COLUMNS = (
    excel.Column("处室", lambda r: r["coordinator"].office.name, 28),
    excel.Column("协调员", lambda r: r["coordinator"].user.name, 12),
    excel.Column("状态", lambda r: r["state"][0], 14),
    *(excel.Column(header, lambda r, key=key: getattr(r["note"], key) if _filed(r) else None, 10)
      for header, key in (("推送", "pushed"), ("接收", "received"), ("启动核查", "started"),
                          ("撤销", "revoked"), ("反馈", "feedback"))),
    excel.Column("提交时间", lambda r: r["note"].filed_at if _filed(r) else None, 20),
)


def _filed(row) -> bool:
    return row["note"] is not None and row["note"].filed_at is not None


@bp.route("/weekly.xlsx")
@roles_required(*LINKAGE_ROLES)
def weekly_export():
    """The week's overview of weekly_list() (same week and office filter) as Excel."""
    week, _, _, shown = _weekly_filter(_user())
    rows = weekly.week_overview(shown, week)
    caption = f"审管联动周工作记录（{week.year}年{week.month}月{week.day}日所在周）"
    return excel.export(f"审管联动周工作记录-{week.year}年{week.month}月{week.day}日.xlsx",
                        excel.Sheet("周工作记录", WEEKLY_COLUMNS, rows, caption=caption))


@bp.route("/weekly/<week>/edit", methods=["GET", "POST"])
@roles_required("coordinator")
def weekly_edit(week: str):
    user = _user()
    week_date = weekly.week_start(_parse_date(week, clock.today()))
    coordinator = registry.active_coordinator_for(user)
    if coordinator is None:
        return _refuse("您尚未登记为本处室的审管协调员，不能填报周工作记录。", url_for(".weekly_list"))
    note = weekly.draft(coordinator, week_date)
    form = WeeklyNoteForm(obj=note if request.method == "GET" else None)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in weekly.COUNT_FIELDS + weekly.TEXT_FIELDS}
        try:
            weekly.file_note(user, coordinator, week_date, values, version=submitted_version(form.version.data))
        except DomainError as error:
            _form_error(form, error, "problems")
        else:
            db.session.commit()
            flash("周工作记录已提交。", "success")
            return redirect(url_for(".weekly_list", week=week_date.isoformat(), office=coordinator.office_id))
    return render_template("linkage/weekly_edit.html", form=form, note=note, week=week_date,
                           office=coordinator.office,
                           reminder_at=weekly.reminder_at(week_date),
                           overdue_from=weekly.overdue_from(week_date))


@bp.route("/weekly/notes/<int:note_id>.pdf")
@roles_required(*LINKAGE_ROLES)
def weekly_note_pdf(note_id: int):
    note = db.get_or_404(WeeklyNote, note_id)
    if not access.can_see_office(_user(), note.office_id):
        abort(403)
    data = render_pdf("linkage/pdf/weekly_notes.html", notes=[note], office=note.office,
                      title="审管联动每周工作记录")
    return _pdf(data, f"审管联动每周工作记录-{note.office.name}-{cn_day(note.week_start)}.pdf",
                f"weekly-note-{note.id}.pdf")


def _office_period(office_id: int):
    office = db.get_or_404(Office, office_id)
    if not access.can_see_office(_user(), office.id):
        abort(403)
    today = clock.today()
    start = weekly.week_start(_parse_date(request.args.get("from"), today - timedelta(days=28)))
    end = weekly.week_start(_parse_date(request.args.get("to"), today))
    return office, start, end, weekly.notes_of_office(office.id, start, end)


@bp.route("/weekly/offices/<int:office_id>")
@roles_required(*LINKAGE_ROLES)
def weekly_office(office_id: int):
    """An office's notes over a period (LNK-5 lists; the notes feed the assessment)."""
    office, start, end, notes = _office_period(office_id)
    return render_template("linkage/weekly_office.html", office=office, start=start, end=end, notes=notes,
                           state=lambda n: weekly.note_state(n, n.week_start, clock.now()))


@bp.route("/weekly/offices/<int:office_id>.pdf")
@roles_required(*LINKAGE_ROLES)
def weekly_office_pdf(office_id: int):
    office, start, end, notes = _office_period(office_id)
    data = render_pdf("linkage/pdf/weekly_notes.html", notes=notes, office=office, start=start, end=end,
                      title="审管联动每周工作记录汇编")
    return _pdf(data, f"审管联动每周工作记录汇编-{office.name}-{cn_day(start)}至{cn_day(end)}.pdf",
                f"weekly-notes-{office.code}.pdf")


# ---- LNK-4 daily reconciliation, problem log; LNK-8 early warning ----------------------------

def _problem_form(user) -> ProblemForm:
    form = ProblemForm()
    form.pair_id.choices = [(p.id, str(p)) for p in access.visible_pairs(user)]
    return form


def _reconcile_page(form=None, status=200):
    user = _user()
    day = _parse_date(request.args.get("day"), clock.today())
    office_ids = {user.office_id} | {o for p in access.visible_pairs(user)
                                     for o in (p.approval_office_id, p.supervision_office_id)}
    page = render_template(
        "linkage/reconcile.html", day=day, rows=reconcile.daily_rows(user, day), timedelta=timedelta,
        problems=reconcile.problems_for(user), form=form or _problem_form(user),
        warnings=reader.warnings(office_ids, clock.now()),
        can_act=user.has_role("coordinator"), report_form=ProblemReportForm(), resolve_form=ProblemResolveForm())
    return page, status


@bp.route("/")
@roles_required(*LINKAGE_ROLES)
def reconcile_today():
    return _reconcile_page()


PROBLEM_COLUMNS = (
    excel.Column("提出日期", lambda p: clock.to_local(p.raised_at).date(), 14),
    excel.Column("对应处室", lambda p: str(p.pair), 36),
    excel.Column("问题", lambda p: p.description, 48, wrap=True),
    excel.Column("状态", lambda p: p.state, 10),
    excel.Column("上报至", lambda p: p.reported_to, 20),
    excel.Column("上报日期", lambda p: p.reported_at and clock.to_local(p.reported_at).date(), 14),
    excel.Column("进展", lambda p: p.progress, 30, wrap=True),
    excel.Column("解决情况", lambda p: p.resolution, 30, wrap=True),
    excel.Column("解决日期", lambda p: p.resolved_at and clock.to_local(p.resolved_at).date(), 14),
)


@bp.route("/problems.xlsx")
@roles_required(*LINKAGE_ROLES)
def problems_export():
    """问题台账 of the reconciliation page (the pairs this user sees) as Excel."""
    return excel.export(excel.dated_name("审管联动问题台账"),
                        excel.Sheet("问题台账", PROBLEM_COLUMNS, reconcile.problems_for(_user())))


@bp.route("/problems", methods=["POST"])
@roles_required("coordinator")
def problem_raise():
    user = _user()
    form = _problem_form(user)
    if form.validate_on_submit():
        pair = db.get_or_404(OfficePair, form.pair_id.data)
        try:
            reconcile.raise_problem(user, pair, form.description.data)
        except DomainError as error:
            _form_error(form, error, "description")
        else:
            db.session.commit()
            flash("问题已登记。", "success")
            return redirect(url_for(".reconcile_today"))
    return _reconcile_page(form, 422)


def _problem_or_403(problem_id: int) -> Problem:
    problem = db.get_or_404(Problem, problem_id)
    if not access.can_see_pair(_user(), problem.pair):
        abort(403)
    return problem


@bp.route("/problems/<int:problem_id>/<action>", methods=["POST"])
@roles_required("coordinator")
def problem_move(problem_id: int, action: str):
    problem = _problem_or_403(problem_id)
    forms = {"report": ProblemReportForm, "resolve": ProblemResolveForm}
    if action not in forms:
        abort(404)
    form = forms[action]()

    def move():
        if not form.validate_on_submit():
            raise DomainError(next(iter(form.errors.values()))[0])
        version = submitted_version(form.version.data)
        if action == "report":
            return reconcile.report_up(_user(), problem, form.reported_to.data, version=version)
        return reconcile.resolve(_user(), problem, form.resolution.data, version=version)

    return _button(move, "问题状态已更新。", url_for(".reconcile_today"))


# ---- LNK-6 monthly consultation -------------------------------------------------------------

@bp.route("/meetings")
@roles_required(*LINKAGE_ROLES)
def meeting_list():
    user = _user()
    year = year_arg()
    this_month = clock.today().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    managed = [u for u in registry.units() if access.reads_all(user) or access.can_manage_unit(user, u)]
    missing = {month: [u for u in meetings.units_without_meeting(month) if u in managed]
               for month in (last_month, this_month)}
    return render_template("linkage/meetings.html", rows=meetings.meetings_for(user, year), year=year,
                           missing=missing, can_schedule=any(access.can_manage_unit(user, u) for u in managed))


def _meeting_form(user, unit_id: int | None = None) -> MeetingForm:
    form = MeetingForm()
    units = [u for u in registry.units() if access.can_manage_unit(user, u)]
    form.unit_id.choices = [(u.id, u.name) for u in units]
    shown = [u for u in units if u.id == unit_id] or units
    form.participant_ids.choices = [(o.id, f"{o.name}（{o.kind.label}）")
                                    for u in shown for o in meetings.participant_choices(u)]
    return form


@bp.route("/meetings/participants")
@roles_required("coordinator", "admin")
def meeting_participants():
    """HTMX: the participant choices of the chosen unit, all pre-selected."""
    form = _meeting_form(_user(), request.args.get("unit_id", type=int))
    form.participant_ids.data = [value for value, _ in form.participant_ids.choices]
    return render_template("linkage/_participants.html", form=form)


@bp.route("/meetings/new", methods=["GET", "POST"])
@roles_required("coordinator", "admin")
def meeting_new():
    user = _user()
    form = _meeting_form(user)
    if not form.unit_id.choices:
        return _refuse("您所在处室不组织审管联动会商（第二十三条）。", url_for(".meeting_list"))
    if form.validate_on_submit():
        unit = db.get_or_404(Office, form.unit_id.data)
        at = form.scheduled_at.data.replace(tzinfo=clock.SHANGHAI)
        try:
            meeting = meetings.schedule(user, unit, scheduled_at=at, place=form.place.data or "",
                                        participant_ids=form.participant_ids.data)
        except DomainError as error:
            _form_error(form, error, "participant_ids")
        else:
            db.session.commit()
            flash("会商已安排，第二十四条五项讨论要点已预置。", "success")
            return redirect(url_for(".meeting_edit", meeting_id=meeting.id))
    return render_template("linkage/meeting_new.html", form=form)


def _meeting_or_403(meeting_id: int) -> Meeting:
    meeting = db.get_or_404(Meeting, meeting_id)
    if not meetings.can_read(_user(), meeting):
        abort(403)
    return meeting


@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
@roles_required(*LINKAGE_ROLES)
def meeting_edit(meeting_id: int):
    user = _user()
    meeting = _meeting_or_403(meeting_id)
    can_edit = access.can_manage_unit(user, meeting.unit) and meeting.status.value != "distributed"
    form = MinutesForm()
    if request.method == "GET":
        form.version.data, form.minutes.data, form.attendees.data = meeting.version, meeting.minutes, meeting.attendees
        form.held.data = "0" if meeting.status.value == "scheduled" else "1"
        for i, point in enumerate(meeting.agenda, start=1):
            form[f"point_{i}"].data = point["notes"]
    elif not can_edit:
        abort(403)
    elif form.validate_on_submit():
        try:
            meetings.save_minutes(user, meeting, version=submitted_version(form.version.data),
                                  point_notes=[form[f"point_{i}"].data for i in range(1, 6)],
                                  minutes=form.minutes.data or "", attendees=form.attendees.data or "",
                                  held=form.held.data == "1")
        except DomainError as error:
            _form_error(form, error, "minutes")
        else:
            db.session.commit()
            flash("会商纪要已保存。", "success")
            return redirect(url_for(".meeting_edit", meeting_id=meeting.id))
    return render_template("linkage/meeting_edit.html", meeting=meeting, form=form, can_edit=can_edit,
                           points=meetings.AGENDA_POINTS, version_form=VersionForm(),
                           can_distribute=access.can_manage_unit(user, meeting.unit))


@bp.route("/meetings/<int:meeting_id>/distribute", methods=["POST"])
@roles_required("coordinator", "admin")
def meeting_distribute(meeting_id: int):
    meeting = _meeting_or_403(meeting_id)
    if not access.can_manage_unit(_user(), meeting.unit):
        abort(403)
    version = submitted_version(VersionForm().version.data)
    return _button(lambda: meetings.distribute(_user(), meeting, version=version),
                   "纪要已分发至参加单位（{result} 人）。", url_for(".meeting_edit", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/minutes.pdf")
@roles_required(*LINKAGE_ROLES)
def meeting_pdf(meeting_id: int):
    meeting = _meeting_or_403(meeting_id)
    filename = f"{meetings.MINUTES_TITLE}-{meeting.unit.name}-{cn_day(meeting.held_at or meeting.scheduled_at)}.pdf"
    issued = meetings.distributed_minutes(meeting)
    if issued is not None:  # as distributed, from the stored copy
        return serve_issued(issued, filename)
    draft = meeting.status != MeetingStatus.DISTRIBUTED  # (minutes distributed before issuing existed)
    data = render_pdf("linkage/pdf/minutes.html", title=meetings.MINUTES_TITLE + ("（草稿）" if draft else ""),
                      **meetings.minutes_context(meeting))
    return _pdf(data, filename, f"minutes-{meeting.id}.pdf")


# ---- LNK-7 annual assessment ----------------------------------------------------------------

def _assessment_units(user) -> list[Office]:
    return [u for u in registry.units() if access.reads_all(user) or access.can_manage_unit(user, u)]


@bp.route("/assessment", methods=["GET", "POST"])
@roles_required(*LINKAGE_ROLES)
def assessment_index():
    user = _user()
    year = year_arg()
    plan = assessment.plan_for(year)
    form = PlanForm(obj=plan) if access.is_city_service_office(user) else None
    if form is not None and request.method == "GET" and plan is None:
        form.year.data, form.random_weight.data, form.yearend_weight.data = year, 40, 60
    if form is not None and form.validate_on_submit():
        try:
            existing = assessment.plan_for(form.year.data)
            if existing is not None:  # no silent overwrite of a plan saved meanwhile
                check_version(existing, form.version.data)
            plan = assessment.save_plan(user, form.year.data, form.random_weight.data, form.yearend_weight.data,
                                        version=existing.version if existing is not None else None)
        except DomainError as error:
            _form_error(form, error, "yearend_weight")
        else:
            db.session.commit()
            flash("考核方案已保存。", "success")
            return redirect(url_for(".assessment_index", year=plan.year))
    elif request.method == "POST" and form is None:
        return _refuse("年度考核由市政务服务办负责（第二十六条）。", url_for(".assessment_index", year=year))
    sheets = [assessment.score_sheet(plan, u) for u in _assessment_units(user)] if plan else []
    return render_template("linkage/assessment.html", year=year, plan=plan, form=form, sheets=sheets)


def _unit_sheet_or_403(year: int, unit_id: int):
    plan = assessment.plan_for(year)
    unit = db.get_or_404(Office, unit_id)
    if plan is None:
        abort(404)
    if unit not in _assessment_units(_user()):
        abort(403)
    return plan, unit


@bp.route("/assessment/<int:year>/units/<int:unit_id>", methods=["GET", "POST"])
@roles_required(*LINKAGE_ROLES)
def assessment_unit(year: int, unit_id: int):
    user = _user()
    plan, unit = _unit_sheet_or_403(year, unit_id)
    form = CheckForm() if access.is_city_service_office(user) else None
    if request.method == "POST" and form is None:
        abort(403)
    if form is not None and form.validate_on_submit():
        try:
            assessment.record_check(user, plan, unit, kind=CheckKind(form.kind.data), checked_on=form.checked_on.data,
                                    assessors=form.assessors.data, remarks=form.remarks.data,
                                    scores=[form[f"score_{i}"].data for i in range(1, 6)])
        except DomainError as error:
            _form_error(form, error, "score_1")
        else:
            db.session.commit()
            flash("检查成绩已录入。", "success")
            return redirect(url_for(".assessment_unit", year=year, unit_id=unit.id))
    return render_template("linkage/assessment_unit.html", sheet=assessment.score_sheet(plan, unit), form=form)


@bp.route("/assessment/<int:year>.xlsx")
@roles_required(*LINKAGE_ROLES)
def assessment_xlsx(year: int):
    """The score sheets the assessment page shows this user (a department or district
    coordinator: its own unit; the city service office and leaders: every unit)."""
    plan = assessment.plan_for(year) or abort(404)
    units = _assessment_units(_user())
    if not units:
        abort(403)
    return excel.download(assessment.export_xlsx(plan, units=units), f"{year}年度审管联动考核成绩.xlsx")


@bp.route("/assessment/<int:year>/units/<int:unit_id>.pdf")
@roles_required(*LINKAGE_ROLES)
def assessment_pdf(year: int, unit_id: int):
    plan, unit = _unit_sheet_or_403(year, unit_id)
    return _pdf(render_pdf("linkage/pdf/assessment.html", sheet=assessment.score_sheet(plan, unit),
                           title=f"{year}年度审管联动考核评分表"),
                f"{year}年度审管联动考核评分表-{unit.name}.pdf", f"linkage-assessment-{year}-{unit.code}.pdf")
