"""The commitment letter counts as signed only with the scan of the signed letter uploaded
(PDF or JPEG, recognised by content)."""
import io

import pytest

from app.commitment import services
from app.commitment.models import CaseState, LetterScan
from app.core.errors import DomainError
from app.extensions import db
from tests.commitment.factories import SIGNED_SCAN, case

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF scan"


@pytest.mark.parametrize("scan,message", [
    (None, "请上传双方签署后的承诺书扫描件"),
    (b"", "请上传双方签署后的承诺书扫描件"),
    (b"GIF89a not a letter", "按文件内容识别"),
    (b"<html>%PDF-</html>", "按文件内容识别"),  # a PDF name or claim is not enough
])
def test_no_signature_without_a_pdf_or_jpeg_scan(app, scan, message):
    c = case("accepted")
    with pytest.raises(DomainError, match=message):
        services.sign_letter(c.created_by, c, scan=scan, filename="承诺书.pdf")


def test_too_large_a_scan_is_refused(app):
    c = case("accepted")
    with pytest.raises(DomainError, match="10MB"):
        services.sign_letter(c.created_by, c, scan=b"%PDF-" + b"0" * services.cases.SCAN_MAX_BYTES)


def test_signing_stores_the_scan_with_its_type_from_content(app):
    c = case("accepted")
    services.sign_letter(c.created_by, c, scan=JPEG, filename="C:\\扫描\\签署件.PDF")
    assert c.state == CaseState.LETTER_SIGNED and c.letter_signed_at is not None
    scan = c.letter_scans[0]
    assert (scan.filename, scan.media_type, scan.size) == ("签署件.jpg", "image/jpeg", len(JPEG))


def test_upload_through_the_case_page(client, login_as):
    c = case("accepted")
    login_as("approver", office=c.office)
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "打印承诺书（待签署）" in page
    printed = client.get(f"/commitment/{c.id}/letter/print.pdf")
    assert printed.status_code == 200 and printed.data.startswith(b"%PDF")
    assert "filename*=UTF-8''" in printed.headers["Content-Disposition"]

    response = client.post(f"/commitment/{c.id}/letter", data={"version": c.version},
                           content_type="multipart/form-data")
    db.session.refresh(c)
    assert c.state == CaseState.ACCEPTED
    assert "请上传双方签署后的承诺书扫描件" in client.get(response.headers["Location"]).get_data(as_text=True)

    client.post(f"/commitment/{c.id}/letter", content_type="multipart/form-data",
                data={"version": c.version, "scan": (io.BytesIO(SIGNED_SCAN), "签署件.pdf")})
    db.session.refresh(c)
    assert c.state == CaseState.LETTER_SIGNED
    scan = db.session.query(LetterScan).filter_by(case_id=c.id).one()
    page = client.get(f"/commitment/{c.id}").get_data(as_text=True)
    assert "签署件.pdf" in page
    served = client.get(f"/commitment/{c.id}/letter/scans/{scan.id}")
    assert served.status_code == 200 and served.data == SIGNED_SCAN and served.mimetype == "application/pdf"


def test_another_office_cannot_read_the_scan(client, login_as):
    c = case("letter_signed")
    scan = c.letter_scans[0]
    db.session.commit()
    login_as("approver")
    assert client.get(f"/commitment/{c.id}/letter/scans/{scan.id}").status_code == 403
    assert client.get(f"/commitment/{c.id}/letter/print.pdf").status_code == 403
