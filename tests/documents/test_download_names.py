"""Download names a clerk recognises (issue 14 §1): Chinese and meaningful, sent with RFC 5987
filename* and a plain ASCII filename= for old clients."""
from urllib.parse import quote, unquote

from app.commitment import services
from app.core.downloads import content_disposition
from tests.commitment.factories import case


def utf8_name(header: str) -> str:
    return unquote(header.split("filename*=UTF-8''", 1)[1])


def test_content_disposition_has_chinese_name_and_ascii_fallback():
    header = content_disposition("撤销行政许可决定书-津撤决〔2026〕12号.pdf", fallback="revocation-2026-12.pdf")
    assert header.startswith('attachment; filename="revocation-2026-12.pdf"; ')
    assert f"filename*=UTF-8''{quote('撤销行政许可决定书-津撤决〔2026〕12号.pdf', safe='')}" in header
    assert header.isascii()
    inline = content_disposition('会商纪要/第"1"次.pdf', inline=True)
    assert inline.startswith('inline; filename="') and utf8_name(inline) == "会商纪要_第_1_次.pdf"


def test_issued_document_downloads_under_its_title_and_number(client, login_as):
    c = case("approved")
    services.check_material(c.created_by, c, c.materials[0], accepted=False, reason="与现场不符")
    revocation = services.revoke(c.created_by, c, "rejected")
    login_as("approver", office=c.office)
    response = client.get(f"/documents/{revocation.id}/download")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    header = response.headers["Content-Disposition"]
    assert utf8_name(header) == f"撤销行政许可决定书-{c.revocation_number}.pdf"
    fallback = header.split(";")[1].strip()
    assert fallback.startswith('filename="') and fallback.endswith('-2026-1.pdf"') and fallback.isascii()
    letter = client.get(f"/documents/{c.document('letter').id}/download").headers["Content-Disposition"]
    assert utf8_name(letter) == f"告知承诺书-{c.party.name}.pdf"  # no number: title and party


def test_credit_decision_and_forms_download_with_chinese_names(client, login_as):
    from app.credit import services as credit
    from tests.credit.factories import record

    officer = login_as("credit_officer")
    entry = record(office=officer.office)
    objection = credit.file_objection(entry, channel="in_person", reason="材料已按时提交", actor=officer)
    credit.decide_objection(objection, decision="delete", decision_text="经核实系误录", actor=officer)
    header = client.get(f"/credit/objections/{objection.id}/feedback.pdf").headers["Content-Disposition"]
    assert utf8_name(header) == "政务服务诚信档案异议处理决定书-津信异决〔2026〕1号.pdf"
    blank = client.get("/credit/forms/repair/person.pdf").headers["Content-Disposition"]
    assert utf8_name(blank) == "天津市政务服务诚信档案修复申请书（个人，空白）.pdf"
    assert 'filename="credit-repair-form-person.pdf"' in blank
