"""Large periods: the export record, the RQ job with its progress, failure and a fresh run,
downloads only by the requester; period errors next to the field."""
import io

import pytest
from openpyxl import load_workbook

from app.core import excel
from app.core.audit import AuditEntry
from app.extensions import db
from app.ledgers import registry
from app.ledgers.models import ExportState, LedgerExport
from app.ledgers.services import exports, periods
from jobs.ledgers import build_export
from tests import factories

MONTH = {"period": "month", "month": "2026-11", "quarter": "2026-4", "year": "2026"}


@pytest.fixture
def background(app):
    """Every export goes to the job (JOBS_SYNC: it runs inside the request that queues it)."""
    app.config["LEDGER_INLINE_ROWS"] = 0
    yield
    app.config.pop("LEDGER_INLINE_ROWS")


def _sign_in(client, user):
    with client.session_transaction() as session:
        factories.signed_in_session(session, user)


def _request(client, key="duban", **form):
    return client.post("/ledgers/", data={"ledger": key, **MONTH, **form})


def test_a_large_period_is_written_by_the_job_and_downloaded(client, world, background):
    _sign_in(client, world.city_leader)
    response = _request(client)
    assert response.status_code == 302
    export = db.session.query(LedgerExport).one()
    assert response.headers["Location"].endswith(f"/ledgers/exports/{export.id}")
    assert export.state == ExportState.DONE and export.done == export.total == 4 and export.scope is None
    page = client.get(f"/ledgers/exports/{export.id}").get_data(as_text=True)
    assert "已完成：已写入 4 / 4 行" in page and "下载 督办台账-全市-2026年11月.xlsx" in page
    fragment = client.get(f"/ledgers/exports/{export.id}/progress").get_data(as_text=True)
    assert 'id="export-progress"' in fragment and "hx-get" not in fragment  # finished: no more polling
    download = client.get(f"/ledgers/exports/{export.id}/download")
    assert download.status_code == 200 and download.headers["Cache-Control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(download.get_data())).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("序号", "工单编号", "诉求标题") and len(rows) == 2 + 4
    actions = [e.action for e in db.session.query(AuditEntry).filter(AuditEntry.action.like("ledger.%"))]
    assert actions == ["ledger.export_requested", "ledger.download"]
    assert "督办台账-全市-2026年11月.xlsx" in client.get("/ledgers/").get_data(as_text=True)  # my exports


def test_a_queued_export_shows_its_progress_and_polls(client, world):
    _sign_in(client, world.a_leader)
    ledger = registry.get("duban")
    export = exports.request_export(world.a_leader, ledger, periods.month(2026, 11), 2)
    db.session.commit()
    export.done = 1
    db.session.commit()
    fragment = client.get(f"/ledgers/exports/{export.id}/progress").get_data(as_text=True)
    assert "等待后台任务：已写入 1 / 2 行" in fragment and "hx-get" in fragment and 'value="50"' in fragment


def test_a_failed_job_says_so_and_a_new_run_starts_again_from_the_first_row(client, world, monkeypatch):
    ledger = registry.get("duban")
    export = exports.request_export(world.a_leader, ledger, periods.month(2026, 11), 2)
    db.session.commit()
    original = excel.write

    def broken(target, *sheets):
        rows = sheets[0].rows
        next(iter(rows))
        raise OSError("disk full")

    monkeypatch.setattr(excel, "write", broken)
    with pytest.raises(OSError):
        build_export(export.id)
    db.session.expire_all()  # the job worked in its own app context and session
    export = db.session.get(LedgerExport, export.id)
    assert export.state == ExportState.FAILED and "生成台账时出错" in export.error
    assert not list(exports.storage_dir().glob(f"ledger-{export.id}-*"))  # no half-written file
    _sign_in(client, world.a_leader)
    assert "生成台账时出错" in client.get(f"/ledgers/exports/{export.id}").get_data(as_text=True)
    assert client.get(f"/ledgers/exports/{export.id}/download").status_code == 404

    monkeypatch.setattr(excel, "write", original)
    # An interrupted run (a worker that died mid-way) is picked up the same way.
    export.state, export.done = ExportState.RUNNING, 1
    db.session.commit()
    assert build_export(export.id) == "done"
    db.session.expire_all()
    export = db.session.get(LedgerExport, export.id)
    assert export.done == export.total == 2 and export.error == ""
    assert build_export(export.id) == "done"  # a finished export is left alone
    assert exports.stored_path(export).is_file()


def test_another_user_or_district_cannot_see_or_download_an_export(client, world, background):
    _sign_in(client, world.a_leader)
    _request(client)
    export = db.session.query(LedgerExport).one()
    assert export.scope == sorted(world.a.gov.subtree_ids()) and export.total == 2
    for other in (world.b_leader, world.city_leader):
        _sign_in(client, other)
        for suffix in ("", "/progress", "/download"):
            assert client.get(f"/ledgers/exports/{export.id}{suffix}").status_code == 404
        assert export.filename not in client.get("/ledgers/").get_data(as_text=True)
    _sign_in(client, world.a_leader)
    rows = list(load_workbook(io.BytesIO(client.get(f"/ledgers/exports/{export.id}/download").get_data()))
                .active.iter_rows(values_only=True))
    assert {r[3] for r in rows[2:]} == {"甲区市场监管局"}


@pytest.mark.parametrize("form, field, message", [
    ({"period": "custom", "date_from": "", "date_to": "2026-11-30"}, "date_from", "请填写开始日期"),
    ({"period": "custom", "date_from": "2026-11-01", "date_to": ""}, "date_to", "请填写结束日期"),
    ({"period": "custom", "date_from": "2026-11-30", "date_to": "2026-11-01"}, "date_to", "结束日期不能早于开始日期"),
    ({"period": "custom", "date_from": "2020-01-01", "date_to": "2026-11-30"}, "date_to", "统计期间最长 5 年"),
    ({"period": "custom", "date_from": "2026-13-45", "date_to": "2026-11-30"}, "date_from", "日期"),
    ({"period": "week"}, "period", "不是有效的选择"),
])
def test_bad_periods_are_explained_next_to_the_field(client, world, form, field, message):
    _sign_in(client, world.a_leader)
    response = _request(client, **form)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    after = html[html.index(f'id="{field}"'):]
    assert message in after[:after.index("</div>\n</div>") if "</div>\n</div>" in after else 2000]
    assert 'value="2026-13-45"' in html or form.get("date_from") != "2026-13-45"  # input kept
    assert db.session.query(LedgerExport).count() == 0


def test_a_custom_period_downloads_at_once(client, world):
    _sign_in(client, world.a_leader)
    response = _request(client, "ems", period="custom", date_from="2026-11-01", date_to="2026-11-15")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.get_data())).active.iter_rows(values_only=True))
    assert len(rows) == 2 + 1 and "20261101-20261115" in response.headers["Content-Disposition"]
