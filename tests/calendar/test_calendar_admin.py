"""Overrides, file import (all or nothing), the admin page, the banner and the change signal."""
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from app.calendar import services
from app.calendar.models import CalendarOverride, DayKind
from app.core import audit, workdays
from app.core.errors import DomainError
from app.extensions import db

OFFICIAL_2027_EXTRACT = """# 2027 official schedule (extract used in the test)
2027-01-01 rest 元旦
2027-02-05 rest 春节
2027-02-06 rest 春节
2027-02-07 rest 春节
2027-02-08 rest 春节
2027-02-09 rest 春节
2027-02-10 rest 春节
2027-02-11 rest 春节
2027-02-12 rest 春节
2027-02-20 work 春节调休上班
2027-10-01 rest 国庆节
2027-10-04 rest 国庆节
2027-10-05 rest 国庆节
2027-10-06 rest 国庆节
2027-10-07 rest 国庆节
2027-10-09 work 国庆节调休上班
"""


@pytest.fixture
def signals():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs["years"])

    workdays.calendar_changed.connect(receiver)
    yield received
    workdays.calendar_changed.disconnect(receiver)


def test_override_turns_a_day_around_and_signals(signals):
    admin_actor = None
    assert workdays.is_workday(date(2026, 12, 31))
    services.set_override(date(2026, 12, 31), DayKind.REST, "临时放假", actor=admin_actor)
    assert not workdays.is_workday(date(2026, 12, 31))
    assert workdays.add_workdays(date(2026, 12, 30), 1) == date(2027, 1, 4)
    services.set_override(date(2026, 12, 31), DayKind.WORK, "恢复上班", actor=admin_actor)
    assert workdays.is_workday(date(2026, 12, 31))
    assert signals == [frozenset({2026}), frozenset({2026})]
    assert db.session.scalar(select(func.count(CalendarOverride.id))) == 1
    actions = db.session.scalars(select(audit.AuditEntry.action)).all()
    assert actions.count("calendar.override_set") == 2


def test_import_of_official_2027_ends_provisional_and_recounts(signals):
    due_before = workdays.add_workdays(date(2027, 9, 30), 2)
    assert due_before == date(2027, 10, 5)  # provisional: Oct 1–3 only
    result = services.import_schedule(OFFICIAL_2027_EXTRACT, whole_years=True, actor=None, source="2027.txt")
    assert result.count == 16 and result.years == {2027}
    assert not workdays.is_provisional(date(2027, 6, 1))
    assert workdays.add_workdays(date(2027, 9, 30), 2) == date(2027, 10, 9)  # Fri 8, Sat 9 make-up
    assert workdays.is_workday(date(2027, 2, 20))  # Saturday make-up day
    assert not workdays.is_workday(date(2027, 2, 12))
    # The lunar provisional holidays no longer apply: Dragon Boat was not in the extract.
    assert workdays.is_workday(date(2027, 6, 9))
    assert signals == [frozenset({2027})]


def test_import_errors_name_every_bad_line_and_import_nothing():
    text = ("2027-01-01 rest 元旦\n"
            "2027-02-30 rest 春节\n"
            "2027-02-06 holiday 春节\n"
            "20270207 rest\n"
            "2027-01-01 work 重复\n"
            "justoneword\n")
    with pytest.raises(services.ImportFailed) as caught:
        services.import_schedule(text, whole_years=True, actor=None)
    problems = caught.value.problems
    assert [p.split("：")[0] for p in problems] == ["第2行", "第3行", "第4行", "第5行", "第6行"]
    assert "与第1行重复" in problems[3]
    assert db.session.scalar(select(func.count(CalendarOverride.id))) == 0
    assert workdays.is_provisional(date(2027, 1, 1))


def test_partial_import_keeps_the_year_provisional():
    services.import_schedule("2027-03-01 rest 更正\n", whole_years=False, actor=None)
    assert not workdays.is_workday(date(2027, 3, 1))
    assert workdays.is_provisional(date(2027, 3, 1))


def test_cli_import(app, tmp_path):
    good = tmp_path / "2027.txt"
    good.write_text(OFFICIAL_2027_EXTRACT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("2027-01-01 rest 元旦\n2027-13-01 rest 错\n", encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "import", str(bad)])
    assert result.exit_code != 0
    assert "第2行" in result.output and "未导入任何内容" in result.output
    assert workdays.is_provisional(date(2027, 1, 1))
    result = runner.invoke(args=["calendar", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "已导入 16 个日期" in result.output
    workdays.invalidate()
    assert not workdays.is_provisional(date(2027, 1, 1))


def test_admin_page_lists_overrides_and_adds_one(client, login_as):
    login_as("admin")
    services.set_override(date(2026, 12, 31), DayKind.REST, "临时放假", actor=None)
    db.session.commit()
    page = client.get("/calendar/?year=2026").get_data(as_text=True)
    assert "2026年12月31日" in page and "临时放假" in page
    # the year's holidays and make-up days as the calendar counts them
    assert "2026年10月10日" in page and "国庆节调休上班" in page and "2026年2月16日" in page
    response = client.post("/calendar/overrides?year=2026", data={"day": "2026-12-26", "kind": "work", "note": "调休"})
    assert response.status_code == 302
    assert workdays.is_workday(date(2026, 12, 26))


def test_admin_page_bad_input_is_shown_next_to_the_field(client, login_as):
    login_as("admin")
    response = client.post("/calendar/overrides?year=2026", data={"day": "2026-02-30", "kind": "rest", "note": "x"})
    assert response.status_code == 422
    assert "不是有效的日期值" in response.get_data(as_text=True)


def test_admin_import_page_reports_line_numbers(client, login_as):
    login_as("admin")
    data = {"file": (io.BytesIO("2027-01-01 rest 元旦\n2027-01-02 nap\n".encode()), "2027.txt"), "whole_years": "y"}
    response = client.post("/calendar/import?year=2027", data=data, content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "第2行" in body and "未导入任何内容" in body
    assert db.session.scalar(select(func.count(CalendarOverride.id))) == 0
    data = {"file": (io.BytesIO(OFFICIAL_2027_EXTRACT.encode()), "2027.txt"), "whole_years": "y"}
    response = client.post("/calendar/import?year=2027", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "2027年按国务院办公厅公布的放假安排计算" in page and "春节调休上班" in page


def test_remove_override_with_htmx(client, login_as):
    login_as("admin")
    row = services.set_override(date(2026, 12, 31), DayKind.REST, "临时放假", actor=None)
    db.session.commit()
    response = client.htmx("post", f"/calendar/overrides/{row.id}/delete")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and "本年度没有调整" in body
    assert workdays.is_workday(date(2026, 12, 31))


def test_calendar_page_is_admin_only(client, login_as):
    login_as("approver")
    assert client.get("/calendar/").status_code == 403


def test_banner_for_admins_while_2027_is_provisional(client, login_as):
    login_as("admin")
    page = client.get("/").get_data(as_text=True)
    assert "2027年尚无官方节假日安排" in page
    services.import_schedule(OFFICIAL_2027_EXTRACT, whole_years=True, actor=None)
    db.session.commit()
    assert "尚无官方节假日安排" not in client.get("/").get_data(as_text=True)


def test_no_banner_for_other_roles(client, login_as):
    login_as("approver")
    assert "尚无官方节假日安排" not in client.get("/").get_data(as_text=True)


def test_no_banner_in_spring_when_sixty_workdays_stay_in_2026(client, login_as, frozen_clock):
    from datetime import datetime

    frozen_clock.freeze(datetime(2026, 3, 2, 9, 0, tzinfo=frozen_clock.SHANGHAI))
    login_as("admin")
    assert "尚无官方节假日安排" not in client.get("/").get_data(as_text=True)


def test_override_outside_supported_years_is_refused():
    with pytest.raises(DomainError):
        services.set_override(date(2100, 1, 1), DayKind.REST, "", actor=None)


def test_banner_also_covers_years_of_open_provisional_deadlines(client, login_as, frozen_clock):
    from datetime import datetime

    from app.core import deadlines
    from tests import factories

    frozen_clock.freeze(datetime(2026, 3, 2, 9, 0, tzinfo=frozen_clock.SHANGHAI))
    login_as("admin")
    subject = factories.party()
    deadlines.start_workdays(subject, "materials", datetime(2026, 12, 1, 10, tzinfo=frozen_clock.SHANGHAI), 60)
    db.session.commit()
    assert "2027年尚无官方节假日安排" in client.get("/").get_data(as_text=True)


def test_calendar_built_outside_an_app_context_picks_up_overrides_later(app):
    services.set_override(date(2026, 12, 31), DayKind.REST, "临时放假", actor=None)
    workdays.invalidate()
    import threading

    seen = {}
    thread = threading.Thread(target=lambda: seen.setdefault("day", workdays.is_workday(date(2026, 12, 31))))
    thread.start()
    thread.join()
    assert seen["day"] is True  # no app context: the override table cannot be read
    workdays._check_at = 0.0  # the periodic check is due
    assert workdays.is_workday(date(2026, 12, 31)) is False


def test_special_days_of_provisional_2027():
    days = {day: (work, note) for day, work, note in services.special_days(2027)}
    assert days[date(2027, 2, 5)] == (False, "春节")
    assert days[date(2027, 10, 1)] == (False, "国庆节")
    assert date(2027, 10, 2) not in days  # a Saturday anyway
    assert not any(work for work, _ in days.values())  # no make-up days until the official schedule


def _xlsx(rows) -> io.BytesIO:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["日期", "类型", "说明"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_excel_schedule_imports_through_the_shared_helper():
    result = services.import_schedule(_xlsx([(date(2027, 10, 8), "休息", "国庆节"),
                                             ("2027-10-09", "上班", "调休")]),
                                      whole_years=False, actor=None)
    assert result.count == 2
    assert not workdays.is_workday(date(2027, 10, 8)) and workdays.is_workday(date(2027, 10, 9))


def test_excel_schedule_errors_name_row_and_column_and_import_nothing():
    with pytest.raises(services.ImportFailed) as caught:
        services.import_schedule(_xlsx([(date(2027, 10, 8), "休息", ""), ("2027-13-01", "休息", ""),
                                        (date(2027, 10, 9), "放假", "")]), whole_years=False, actor=None)
    assert caught.value.problems == ["第3行“日期”：日期“2027-13-01”无效，应为 YYYY-MM-DD",
                                     "第4行“类型”：类型“放假”无效，应为 work（上班）或 rest（休息）"]
    assert db.session.scalar(select(func.count(CalendarOverride.id))) == 0
