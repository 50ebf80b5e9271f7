"""Issue 14 §2/§3: 我的待办 is a bounded list by due date, the lists are paginated (total, page
size, filters kept, older rows reachable), lights are batched, and a page runs a bounded
number of SQL statements whatever the backlog."""
import re
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import event, select

from app.core import clock, deadlines
from app.extensions import db
from app.supervision.models import SupervisionTask
from tests import factories
from tests.commitment.factories import case, setup
from tests.credit.factories import record

MAX_STATEMENTS = 15


@contextmanager
def statements():
    found = []

    def count(conn, cursor, statement, *args):
        found.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield found
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _cases(n, state="approved"):
    item, approver = setup()
    made = [case(state, item=item, approver=approver) for _ in range(n)]
    db.session.commit()
    return item, approver, made


def _sign_in(client, user):
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)
    client.keep_alive = True


def test_commitment_list_and_home_page_run_a_bounded_number_of_statements(client):
    item, approver, cases = _cases(60)
    _sign_in(client, approver)
    client.get("/")  # warm-up: the calendar cache, the user
    for url in ("/commitment/", "/commitment/?per_page=50", "/commitment/?state=approved",
                "/commitment/?sort=due", "/"):
        with statements() as found:
            response = client.get(url)
        assert response.status_code == 200
        assert len(found) <= MAX_STATEMENTS, (url, len(found), found)


def test_home_page_is_a_bounded_todo_list_by_due_date_with_light_and_countdown(client):
    item, approver, cases = _cases(25)
    _sign_in(client, approver)
    html = client.get("/").get_data(as_text=True)
    rows = re.findall(r'<tr>\s*<td><span class="light light-(\w+)"', html)
    assert len(rows) == 20  # the first 20 by due date …
    assert "共 25 件" in html and 'href="/commitment/"' in html  # … and the total, linked
    assert "剩余" in html and "个工作日" in html  # the countdown
    assert f'href="/commitment/{cases[0].id}"' in html  # each item a link to its case
    days = re.findall(r"(\d{4})年(\d+)月(\d+)日", html.split('id="my-todos"')[1].split("</table>")[0])
    dates = [tuple(map(int, d)) for d in days[1:]]  # the first date is today's, above
    assert dates == sorted(dates)


def test_commitment_list_is_paginated_with_total_size_and_filters_kept(client):
    item, approver, cases = _cases(23)
    _sign_in(client, approver)
    html = client.get("/commitment/?state=approved").get_data(as_text=True)
    assert "共 23 条" in html and "第 1 / 2 页" in html
    newest_first = sorted(cases, key=lambda c: -c.id)
    assert f"/commitment/{newest_first[19].id}\"" in html
    assert f"/commitment/{newest_first[20].id}\"" not in html
    next_link = re.search(r'href="(/commitment/\?[^"]*page=2[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "state=approved" in next_link and "after=" in next_link
    page2 = client.get(next_link).get_data(as_text=True)
    assert "第 2 / 2 页" in page2
    assert all(f"/commitment/{c.id}\"" in page2 for c in newest_first[20:])  # older rows reachable
    assert "per_page=50" in html  # the page size choice
    assert "共 23 条" in client.get("/commitment/?per_page=50").get_data(as_text=True)
    fragment = client.htmx("get", next_link).get_data(as_text=True)
    assert "<html" not in fragment and "第 2 / 2 页" in fragment


def test_supervision_inbox_is_paginated_bounded_and_shows_the_countdown(client):
    item, approver, cases = _cases(60)
    supervisor = factories.user("supervisor", office=db.session.get(type(item.office), cases[0].supervision_office_id))
    db.session.commit()
    _sign_in(client, supervisor)
    client.get("/supervision/")
    with statements() as found:
        html = client.get("/supervision/").get_data(as_text=True)
    assert len(found) <= MAX_STATEMENTS, found
    assert "共 60 条" in html and "剩余" in html
    with statements() as found:
        home = client.get("/").get_data(as_text=True)
    assert len(found) <= MAX_STATEMENTS, found
    assert "监管核查待办" in home and "共 60 件" in home and "待开始核查" in home
    page2 = re.search(r'href="(/supervision/\?[^"]*page=2[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "第 2 / 3 页" in client.get(page2).get_data(as_text=True)


def test_credit_own_records_are_paginated_in_a_bounded_number_of_statements(client):
    officer = factories.user("credit_officer")
    for _ in range(60):
        record(office=officer.office)
    db.session.commit()
    _sign_in(client, officer)
    client.get("/credit/")
    with statements() as found:
        html = client.get("/credit/").get_data(as_text=True)
    assert len(found) <= MAX_STATEMENTS, found
    assert "共 60 条" in html and "第 1 / 3 页" in html
    assert "第 3 / 3 页" in client.get("/credit/?page=3").get_data(as_text=True)


def test_lights_for_a_page_is_one_query_with_the_worst_light_and_nearest_due():
    item, approver, cases = _cases(3)
    ids = [c.id for c in cases]
    clock.freeze(datetime(2027, 6, 1, 9, tzinfo=clock.SHANGHAI))  # past the materials deadline
    with statements() as found:
        lights = deadlines.lights_for("commitment_case", ids + [999999])
    assert len(found) == 1
    assert {lights[i].color for i in ids} == {"red"}
    assert lights[999999].color == "grey" and lights[999999].due_at is None
    assert all(lights[i].due_at is not None for i in ids)


def test_the_sweep_preloads_its_batch(app):
    """Each handler once; the tasks are read in one query, not one per clock."""
    item, approver, cases = _cases(5)
    tasks = db.session.scalars(select(SupervisionTask)).all()
    assert len(tasks) == 5
    factories.user("supervisor", office=tasks[0].office)
    db.session.commit()
    clock.freeze(datetime(2026, 12, 10, 9, tzinfo=clock.SHANGHAI))  # past the 3-wd start clock
    db.session.expunge_all()
    with statements() as found:
        fired = deadlines.sweep()
    assert fired["overdue"] >= 5
    task_reads = [s for s in found if s.lstrip().upper().startswith("SELECT") and "FROM supervision_task" in s]
    assert len(task_reads) <= 3, task_reads


def test_party_search_by_identifier_is_an_exact_lookup():
    from app.credit.services import search_parties

    party = factories.party(name="天津精确查询科技有限公司")
    other = factories.party(name=f"名称含{party.identifier}的企业")
    db.session.flush()
    assert search_parties(party.identifier.lower()) == [party]
    assert other not in search_parties(party.identifier)
    assert party in search_parties("精确查询")
