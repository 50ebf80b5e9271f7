from datetime import date, datetime

from app.core import clock
from app.extensions import db
from app.linkage.services import weekly
from tests import factories
from tests.linkage.helpers import coordinator, department

SH = clock.SHANGHAI


def test_coordinator_files_the_note_after_the_friday_reminder(client, login_as, counts_source):
    pair = department()
    user = login_as("coordinator", office=pair.approval_office)
    coord = coordinator(pair.approval_office, user=user)
    counts_source.add(pair, date(2026, 11, 24), pushed=3, received=2)
    weekly.send_weekly_reminders(datetime(2026, 11, 27, 12, 0, tzinfo=SH))
    db.session.commit()
    clock.freeze(datetime(2026, 11, 27, 15, 0, tzinfo=SH))
    page = client.get("/linkage/weekly/2026-11-23/edit").get_data(as_text=True)
    assert 'value="3"' in page and 'value="2"' in page  # pre-filled from the data
    note = weekly.note_for(coord, date(2026, 11, 23))
    response = client.post("/linkage/weekly/2026-11-23/edit", data={
        "version": note.version, "pushed": 3, "received": 2, "started": 0, "revoked": 0, "feedback": 0,
        "problems": "一件推送未接收", "measures": "电话核对", "next_steps": ""})
    assert response.status_code == 302
    page = client.get(f"/linkage/weekly?week=2026-11-23&office={pair.approval_office_id}").get_data(as_text=True)
    assert "按时填报" in page and user.name in page
    pdf = client.get(f"/linkage/weekly/notes/{note.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_bad_input_is_shown_next_to_the_field_and_kept(client, login_as):
    pair = department()
    user = login_as("coordinator", office=pair.approval_office)
    coordinator(pair.approval_office, user=user)
    db.session.commit()
    page = client.post("/linkage/weekly/2026-11-23/edit", data={
        "version": 0, "pushed": -1, "received": 0, "started": 0, "revoked": 0, "feedback": 0,
        "problems": "保留我的输入"}).get_data(as_text=True)
    assert "请输入不小于 0 的整数" in page and "保留我的输入" in page


def test_coordinator_sees_only_its_own_offices_notes(client, login_as):
    mine, other = department(), department()
    user = login_as("coordinator", office=mine.approval_office)
    coordinator(mine.approval_office, user=user)
    foreign = coordinator(other.approval_office)
    note = weekly.file_note(foreign.user, foreign, date(2026, 11, 23), {"problems": "外单位"}, version=0)
    db.session.commit()
    page = client.get("/linkage/weekly?week=2026-11-23").get_data(as_text=True)
    assert foreign.user.name not in page and user.name in page
    assert client.get(f"/linkage/weekly?office={other.approval_office_id}").status_code == 403
    assert client.get(f"/linkage/weekly/notes/{note.id}.pdf").status_code == 403
    assert client.get(f"/linkage/weekly/offices/{other.approval_office_id}.pdf").status_code == 403
    assert client.get(f"/linkage/weekly/offices/{other.approval_office_id}").status_code == 403


def test_leader_reads_every_office_and_the_period_pdf(client, login_as):
    pair = department()
    coord = coordinator(pair.supervision_office)
    weekly.file_note(coord.user, coord, date(2026, 11, 16), {"problems": "甲"}, version=0,
                     now=datetime(2026, 11, 20, 10, tzinfo=SH))
    login_as("leader")
    page = client.get("/linkage/weekly?week=2026-11-16").get_data(as_text=True)
    assert coord.user.name in page
    fragment = client.htmx("get", "/linkage/weekly?week=2026-11-16").get_data(as_text=True)
    assert "<html" not in fragment and coord.user.name in fragment
    page = client.get(f"/linkage/weekly/offices/{pair.supervision_office_id}?from=2026-11-02&to=2026-11-23")
    assert "2026年11月16日" in page.get_data(as_text=True) and "按时填报" in page.get_data(as_text=True)
    pdf = client.get(f"/linkage/weekly/offices/{pair.supervision_office_id}.pdf?from=2026-11-02&to=2026-11-23")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_registry_appointment_and_public_list(client, login_as):
    pair = department()
    user = login_as("coordinator", office=pair.supervision_office)
    colleague = factories.user("coordinator", office=pair.supervision_office, name="孙协调")
    outsider = factories.user("approver", office=pair.supervision_office)
    db.session.commit()
    form = {"office_id": pair.supervision_office_id, "post": "副处长", "office_phone": "022-88886666",
            "appointed_on": "2026-11-23"}
    response = client.post("/linkage/coordinators", data={**form, "user_id": colleague.id})
    assert response.status_code == 302
    # Someone of the office without the coordinator role cannot be named.
    page = client.post("/linkage/coordinators", data={**form, "user_id": outsider.id}).get_data(as_text=True)
    assert "请选择有效的选项" in page
    # Another office cannot be chosen by this coordinator.
    page = client.post("/linkage/coordinators", data={**form, "office_id": pair.approval_office_id,
                                                      "user_id": user.id}).get_data(as_text=True)
    assert "请选择有效的选项" in page and "孙协调" in page
    client.post("/accounts/logout")
    public = client.get("/linkage/coordinators/public").get_data(as_text=True)
    assert "孙协调" in public and "022-88886666" in public and pair.supervision_office.name in public


def test_weekly_note_pages_name_the_office_in_the_header(client, login_as):
    pair = department()
    user = login_as("coordinator", office=pair.approval_office)
    coordinator(pair.approval_office, user=user)
    db.session.commit()
    name = pair.approval_office.name
    page = client.get("/linkage/weekly/2026-11-23/edit").get_data(as_text=True)
    assert f"<h1 class=\"h4\">{name} · 审管联动每周工作记录</h1>" in page
    login_as("leader")
    page = client.get(f"/linkage/weekly/offices/{pair.approval_office_id}").get_data(as_text=True)
    assert f"<h1 class=\"h4\">{name} · 审管联动周工作记录</h1>" in page


def test_weekly_pages_show_the_filing_deadline_with_its_countdown(client, login_as):
    from tests.linkage.helpers import coordinator, department
    pair = department()
    coord = coordinator(pair.approval_office)
    login_as("coordinator", office=pair.approval_office)
    page = client.get("/linkage/weekly?week=2026-11-23").get_data(as_text=True)
    assert "填报期限 2026年11月27日" in page and "剩余4个工作日" in page
    assert coord.office_id == pair.approval_office.id
