"""Batch print: several issued documents merged into one PDF on the documents queue, with a
progress fragment that polls until the job is done."""
import io

from pypdf import PdfReader
from sqlalchemy import update

from app.documents import services
from app.documents.models import BatchState, IssuedDocument, PrintBatch
from app.extensions import db
from tests.documents.test_issued import issue


def two_documents(app, user):
    with app.test_request_context():
        documents = [issue(user), issue(user)]
    db.session.commit()
    return documents


def test_batch_merges_stored_copies_in_order(app, client, login_as):
    user = login_as("approver")
    first, second = two_documents(app, user)
    response = client.post("/documents/batches", data={"document_ids": [second.id, first.id]})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已完成" in page and "2 / 2" in page
    batch = db.session.query(PrintBatch).one()
    merged = client.get(f"/documents/batches/{batch.id}/download")
    assert merged.status_code == 200 and merged.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(merged.data)).pages
    expected = len(PdfReader(io.BytesIO(first.content)).pages) + len(PdfReader(io.BytesIO(second.content)).pages)
    assert len(pages) == expected
    assert "津市监审承〔2026〕2号" in pages[0].extract_text()  # the order chosen


def test_progress_fragment_polls_until_done(app, client, login_as):
    user = login_as("approver")
    first, _ = two_documents(app, user)
    batch = services.request_print_batch(user, [first.id])  # queued, not yet run
    db.session.commit()
    fragment = client.htmx("get", f"/documents/batches/{batch.id}/progress").get_data(as_text=True)
    assert "<html" not in fragment and 'hx-trigger="every 1s"' in fragment and "等待后台任务" in fragment
    services.merge_print_batch(batch)
    db.session.commit()
    fragment = client.htmx("get", f"/documents/batches/{batch.id}/progress").get_data(as_text=True)
    assert "hx-trigger" not in fragment and "下载合并后的 PDF" in fragment
    # without HTMX the fragment URL sends the browser to the full page
    assert client.get(f"/documents/batches/{batch.id}/progress").status_code == 302


def test_empty_selection_is_refused_next_to_the_list(app, client, login_as):
    user = login_as("approver")
    two_documents(app, user)
    response = client.post("/documents/batches", data={})
    assert response.status_code == 422
    assert "请至少选择一份公文" in response.get_data(as_text=True)
    assert db.session.query(PrintBatch).count() == 0


def test_other_offices_documents_cannot_be_batched(app, client, login_as):
    with app.test_request_context():
        from tests import factories

        foreign = issue(factories.user("approver"))
    db.session.commit()
    login_as("approver")
    response = client.post("/documents/batches", data={"document_ids": [foreign.id]})
    assert response.status_code == 422 and "无权打印" in response.get_data(as_text=True)


def test_someone_elses_batch_is_403(app, client, login_as):
    user = login_as("approver")
    first, _ = two_documents(app, user)
    batch = services.request_print_batch(user, [first.id])
    db.session.commit()
    login_as("approver", office=user.office)  # same office, different person
    assert client.get(f"/documents/batches/{batch.id}").status_code == 403


def test_tampered_document_fails_the_batch_with_a_reason(app, login_as):
    user = login_as("approver")
    first, second = two_documents(app, user)
    db.session.execute(update(IssuedDocument.__table__).where(IssuedDocument.id == second.id).values(content=b"x"))
    batch = services.request_print_batch(user, [first.id, second.id])
    services.merge_print_batch(batch)
    assert batch.state == BatchState.FAILED and "校验失败" in batch.error and batch.content is None
