"""Staff pages of the hall: the window console and "我的办件" (window clerks), the centre
manager's today / week views with Excel, and device pairing. Role gate on every route, the
centre scope (services/access.py) on every object."""
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..catalog.services import current_items
from ..core import clock, deadlines, excel, htmx, pagination
from ..core.errors import DomainError
from ..core.navigation import TodoItem
from ..core.permissions import roles_required
from ..extensions import db
from ..matters.models import Matter
from ..matters.services import DUE_CLOCK, MY_ORDER, count_open, my_matters, open_matters
from . import forms
from .models import HallDevice, HallWindow, UrgentSlot
from .services import access, booking, devices, reports, settings, tickets

bp = Blueprint("hall", __name__, url_prefix="/hall")
CLERK, MANAGER = access.CLERK_ROLES, access.MANAGER_ROLES


def _user():
    return current_user._get_current_object()


def _my_window() -> HallWindow | None:
    window = access.clerk_window(_user())
    if window is not None and not access.may_work_at(_user(), window):
        return None
    return window


# ---- window console -------------------------------------------------------------------------

@bp.route("/console")
@roles_required(*CLERK)
def console():
    centre = access.centre_of(_user())
    window = _my_window()
    context = {"centre": centre, "window": window}
    if window is not None:
        today = clock.today()
        start_form = forms.StartForm()
        start_form.item_code.choices = [("", "请选择办理事项")] + [(i.code, i.name) for i in current_items()]
        transfer_form = forms.TransferForm()
        transfer_form.target.choices = [(w.id, w.label) for w in access.windows(window.centre_id)
                                        if w.id != window.id]
        context.update(current=tickets.current(window), counts=tickets.counts_of_day(window, today),
                       waiting=len(tickets.waiting(window.centre_id, today, window.letter_list)),
                       start_form=start_form, finish_form=forms.FinishForm(),
                       transfer_form=transfer_form)
    elif centre is not None:
        context["windows"] = access.windows(centre.id)
    return htmx.render("hall/console.html", "hall/_console.html", **context)


@bp.route("/console/sit/<int:window_id>", methods=["POST"])
@roles_required(*CLERK)
def sit(window_id):
    window = db.session.get(HallWindow, window_id) or abort(404)
    if not access.may_work_at(_user(), window):
        abort(403)
    for other in [w for w in access.windows(window.centre_id) if w.clerk_id == _user().id]:
        other.clerk_id = None
    window.clerk_id = _user().id
    db.session.commit()
    return redirect(url_for(".console"))


@bp.route("/console/<action>", methods=["POST"])
@roles_required(*CLERK)
def act(action):
    window = _my_window()
    if window is None:
        flash("请先选择您值守的窗口。", "error")
        return htmx.redirect(url_for(".console"))
    user = _user()
    try:
        if action == "next":
            tickets.call_next(window, user)
        elif action == "recall":
            tickets.recall(window, user)
        elif action == "skip":
            tickets.skip(window, user)
        elif action == "transfer":
            target = db.session.get(HallWindow, request.form.get("target", type=int) or 0)
            if target is None:
                raise DomainError("请选择本中心的其他窗口。")
            tickets.transfer(window, target, user)
        elif action == "start":
            tickets.start(window, user, item_code=request.form.get("item_code", ""))
        elif action == "finish":
            tickets.finish(window, user, result=request.form.get("result", ""),
                           note=request.form.get("note", ""))
        else:
            abort(404)
        db.session.commit()
    except (DomainError, ValueError) as error:
        db.session.rollback()
        flash(getattr(error, "message", "办理结果不正确。"), "error")
    return htmx.redirect(url_for(".console"))


@bp.route("/my-matters")
@roles_required(*CLERK)
def matters():
    pager = pagination.paginate(my_matters(_user()), order_by=MY_ORDER)
    lights = deadlines.lights_for(Matter.__tablename__, [m.id for m in pager.items], DUE_CLOCK)
    return htmx.render("hall/matters.html", "hall/_matters.html", pager=pager, lights=lights)


# ---- centre manager -------------------------------------------------------------------------

def _centre():
    """(the chosen centre, the user's centres); (None, []) when the user manages none."""
    centres = access.managed_centres(_user())
    if not centres:
        return None, []
    wanted = request.args.get("centre", type=int) or reports.busiest(centres, clock.today()).id
    centre = next((c for c in centres if c.id == wanted), None)
    return centre or abort(403), centres


def with_centre(view):
    """Hand the view (centre, centres); a user who manages no centre is told so."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        centre, centres = _centre()
        if centre is None:
            return render_template("hall/no_centre.html")
        return view(centre, centres, *args, **kwargs)
    return wrapped


@bp.route("/today")
@roles_required(*MANAGER)
@with_centre
def today(centre, centres):
    return render_template("hall/today.html", centre=centre, centres=centres,
                           view=reports.today_view(centre.id, clock.today()))


@bp.route("/week")
@roles_required(*MANAGER)
@with_centre
def week(centre, centres):
    days, items = reports.week_load(centre.id, clock.today())
    if request.args.get("format") == "xlsx":
        columns = [excel.Column("事项编码", lambda r: r["code"], 22), excel.Column("事项名称", lambda r: r["name"], 36)]
        columns += [excel.Column(f"{d.month}月{d.day}日 已约/名额",
                                 lambda r, d=d: "{}/{}".format(*r["days"].get(d, (0, "—"))), 16) for d in days]
        return excel.export(excel.dated_name(f"{centre.name}预约量"),
                            excel.Sheet("预约量", columns, items, caption=f"{centre.name} 未来5个工作日预约量"))
    return render_template("hall/week.html", centre=centre, centres=centres, days=days, items=items)


@bp.route("/devices", methods=["GET", "POST"])
@roles_required(*MANAGER)
@with_centre
def device_list(centre, centres):
    form = forms.DeviceForm()
    if form.validate_on_submit():
        try:
            devices.pair(centre.id, form.kind.data, form.name.data, _user())
            db.session.commit()
            return redirect(url_for(".device_list", centre=centre.id))
        except DomainError as error:
            db.session.rollback()
            form.name.errors = [error.message]
    rows = [(d, devices.token_for(d)) for d in devices.devices(centre.id)]
    return render_template("hall/devices.html", centre=centre, centres=centres, form=form, rows=rows)


@bp.route("/devices/<int:device_id>/unpair", methods=["POST"])
@roles_required(*MANAGER)
def unpair(device_id):
    device = db.session.get(HallDevice, device_id) or abort(404)
    if not access.may_manage(_user(), device.centre_id):
        abort(403)
    devices.unpair(device, _user())
    db.session.commit()
    flash("设备已解除绑定。", "success")
    return redirect(url_for(".device_list", centre=device.centre_id))


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(*MANAGER)
@with_centre
def hall_settings(centre, centres):
    """APT-8: the noon window and the 7×24 urgent slots."""
    windows = access.windows(centre.id)
    noon = forms.NoonForm(prefix="noon")
    noon.window.choices = [(w.id, w.label) for w in windows]
    urgent = forms.UrgentSlotForm(prefix="urgent")
    if request.method == "POST":
        form = noon if "save-noon" in request.form else urgent
        if form.validate_on_submit():
            try:
                if form is noon:
                    settings.set_noon_window(centre.id, noon.window.data, _user())
                else:
                    settings.add_urgent_slot(centre.id, urgent.slot.data, urgent.daily_quota.data, _user())
                db.session.commit()
                flash("设置已保存。", "success")
                return redirect(url_for(".hall_settings", centre=centre.id))
            except DomainError as error:
                db.session.rollback()
                forms.add_error(form, error)
    if request.method == "GET" or "save-noon" not in request.form:
        noon.window.data = next((w.id for w in windows if w.noon), None)
    return render_template("hall/settings.html", centre=centre, centres=centres, noon=noon,
                           urgent=urgent, slots=booking.urgent_slots(centre.id))


@bp.route("/settings/urgent/<int:slot_id>/remove", methods=["POST"])
@roles_required(*MANAGER)
def remove_urgent(slot_id):
    row = db.session.get(UrgentSlot, slot_id) or abort(404)
    if not access.may_manage(_user(), row.centre_id):
        abort(403)
    centre_id = row.centre_id
    settings.remove_urgent_slot(row, _user())
    db.session.commit()
    flash("急办预约时段已删除。", "success")
    return redirect(url_for(".hall_settings", centre=centre_id))


def todos(user, limit: int = 20) -> list:
    """我的待办 of a window clerk: the open 办件 nearest their due date, and the total (REV-3)."""
    if not user.has_any_role(CLERK):
        return []
    total = count_open(user)
    if not total:
        return []
    items = open_matters(user, limit)
    lights = deadlines.lights_for(Matter.__tablename__, [m.id for m in items], DUE_CLOCK)
    result = [TodoItem(f"办件：{m.item_name}（{m.party_name}）", url_for("hall.matters"), 1,
                       lights[m.id].color, due=m.due_at, provisional=lights[m.id].provisional)
              for m in items]
    return result + [TodoItem("我的办件：办理中", url_for("hall.matters"), total,
                              deadlines.worst(i.light for i in result) if result else "green",
                              summary=True)]
