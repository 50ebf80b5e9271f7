"""Issued documents are rendered once, stored with their sha256 and served from the stored copy."""
import hashlib
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from app.core.audit import AuditEntry
from app.core.numbering import NumberSeries
from app.documents import services
from app.documents.models import IssuedDocument, register_viewer
from app.extensions import db
from tests import factories

NOTICE = NumberSeries("test_notice", "津市监审承")


def issue(actor, subject=None, **context):
    return services.issue_document(
        "test_notice", "documents/pdf/sample.html", subject or factories.party(), NOTICE, actor,
        title="关于撤销行政许可的决定", authority_mark="天津市市场监督管理委员会文件",
        paragraphs=["经查，你单位承诺内容与实际情况不符。"], **context)


@pytest.fixture
def approver(app):
    with app.test_request_context():
        yield factories.user("approver")


def test_issue_stores_numbered_pdf_with_sha256_and_audit(app, approver):
    with app.test_request_context():
        party = factories.party()
        document = issue(approver, subject=party)
    assert document.number == "津市监审承〔2026〕1号"
    assert document.sha256 == hashlib.sha256(document.content).hexdigest()
    assert document.size == len(document.content) and document.office_id == approver.office_id
    text = PdfReader(io.BytesIO(document.content)).pages[0].extract_text().replace("\n", "")
    assert "津市监审承〔2026〕1号" in text and "关于撤销行政许可的决定" in text
    assert approver.office.name in PdfReader(io.BytesIO(document.content)).pages[-1].extract_text()
    assert services.issued_for(party, "test_notice") == [document]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "document.issue"))
    assert entry.subject_id == document.id and entry.after["sha256"] == document.sha256


def test_second_document_gets_the_next_number(app, approver):
    with app.test_request_context():
        issue(approver)
        assert issue(approver).number == "津市监审承〔2026〕2号"


def test_failed_issue_rolls_back_and_gives_the_number_back(app, approver, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("渲染失败")

    with app.test_request_context():
        attempt = db.session.begin_nested()
        monkeypatch.setattr(services, "render_pdf", broken)
        with pytest.raises(RuntimeError):
            issue(approver)
        attempt.rollback()
        monkeypatch.undo()
        assert issue(approver).number == "津市监审承〔2026〕1号"


def test_issued_document_cannot_be_changed(app, approver):
    with app.test_request_context():
        document = issue(approver)
    document.title = "改过的标题"
    with pytest.raises(RuntimeError, match="不能修改"):
        db.session.flush()


def test_download_serves_stored_copy_without_rendering_again(app, client, login_as, monkeypatch):
    user = login_as("approver")
    with app.test_request_context():
        document = issue(user)
    stored = document.content
    db.session.commit()

    def must_not_render(*args, **kwargs):
        raise AssertionError("an issued document was rendered again")

    monkeypatch.setattr(services, "render_pdf", must_not_render)
    monkeypatch.setattr("app.documents.pdf.render_pdf", must_not_render)
    response = client.get(f"/documents/{document.id}/download")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data == stored
    assert hashlib.sha256(response.data).hexdigest() == document.sha256
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "document.download"))


def test_other_office_gets_403(app, client, login_as):
    with app.test_request_context():
        document = issue(factories.user("approver"))
    db.session.commit()
    login_as("approver")  # a different approval office
    assert client.get(f"/documents/{document.id}/download").status_code == 403


def test_policy_registered_for_the_kind_admits_other_roles(app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.extensions, "document_viewers", {})
    register_viewer(app, "test_notice", lambda user, doc: user.has_role("supervisor"))
    with app.test_request_context():
        document = issue(factories.user("approver"))
    db.session.commit()
    login_as("supervisor")
    assert client.get(f"/documents/{document.id}/download").status_code == 200


def test_missing_document_is_404_and_anonymous_is_sent_to_sign_in(client, login_as):
    assert client.get("/documents/999999/download").status_code in (302, 401)
    login_as("approver")
    assert client.get("/documents/999999/download").status_code == 404


def test_tampered_copy_is_refused_and_logged(app, client, login_as):
    user = login_as("approver")
    with app.test_request_context():
        document = issue(user)
    db.session.execute(
        update(IssuedDocument.__table__).where(IssuedDocument.id == document.id).values(content=b"%PDF-forged")
    )
    db.session.commit()
    response = client.get(f"/documents/{document.id}/download")
    assert response.status_code == 500
    assert "校验失败" in response.get_data(as_text=True)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "document.download"))
    assert entry.outcome == "failure"


def test_office_list_shows_only_own_documents(app, client, login_as):
    user = login_as("approver")
    with app.test_request_context():
        issue(user)
        other = issue(factories.user("approver"))
    db.session.commit()
    page = client.get("/documents/").get_data(as_text=True)
    assert "津市监审承〔2026〕1号" in page and f"/documents/{other.id}/download" not in page


def test_fonts_page_for_admins_only(client, login_as):
    login_as("approver")
    assert client.get("/documents/admin/fonts").status_code == 403
    login_as("admin")
    page = client.get("/documents/admin/fonts").get_data(as_text=True)
    assert "Noto Serif CJK SC" in page and "备用字体" in page
    sample = client.get("/documents/admin/fonts/sample.pdf")
    assert sample.status_code == 200 and sample.data.startswith(b"%PDF")


def test_demo_loader_issues_one_sample_notice_once(app):
    from app.documents.demo import load_demo

    factories.user("approver", username="demo_approver")
    load_demo()
    load_demo()
    documents = db.session.scalars(select(IssuedDocument).where(IssuedDocument.kind == "demo_notice")).all()
    assert [d.number for d in documents] == ["津市监审承〔2026〕1号"]
