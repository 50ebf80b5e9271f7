"""DOC-1: every issued document looks like an official document (GB/T 9704-2012), rendered
through the services as a clerk would issue it: the 落款 never stands alone on a page, the
fonts are embedded, no doubled punctuation."""
import io
import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from app.accounts.roles import OfficeKind, OfficeLevel
from app.commitment import services
from app.core import clock
from app.credit import services as credit
from app.documents import pdf as pdf_module
from app.documents.pdf import render_pdf
from app.supervision import services as supervision
from tests import factories
from tests.commitment.factories import case
from tests.credit.factories import record

ALL_MATERIALS = ["application", "qualification", "supplied", "rectified"]


def pages(data: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def dump(docs, folder="/tmp/docs14"):  # to look at them: pdftoppm -png -r 60
    import os
    os.makedirs(folder, exist_ok=True)
    for name, document in docs.items():
        with open(f"{folder}/{name}.pdf", "wb") as f:
            f.write(document.content)


def issued_documents() -> dict:
    """One of every issued document kind, name → IssuedDocument."""
    docs = {}
    approved = case("approved")
    docs["告知承诺书"] = approved.document("letter")
    docs["行政许可决定书"] = approved.document("approval")
    task = supervision.task_for_case(approved)
    supervisor = factories.user("supervisor", office=task.office)
    supervision.start(supervisor, task)
    docs["责令整改通知书"] = supervision.record_finding(
        supervisor, task, compliant=False, findings="经现场核查，经营场所未配备冷藏设施。",
        rectification_due=date(2026, 12, 10))
    docs["建议撤销函"] = supervision.after_rectification(supervisor, task, compliant=False,
                                                        text="复查时仍未配备冷藏设施。")
    revoked = case("approved")
    services.check_material(revoked.created_by, revoked, revoked.materials[0], accepted=False,
                            reason="与现场不符。")
    docs["撤销行政许可决定书"] = services.revoke(revoked.created_by, revoked, "rejected")
    committee = factories.office(OfficeKind.DEPARTMENT, name="天津市交通运输委员会")
    officer = factories.user("credit_officer", office=factories.office(
        OfficeKind.APPROVAL, name="市交通运输委行政许可处", parent=committee))
    objection = credit.file_objection(record(office=officer.office), channel="in_person",
                                      reason="材料已按时提交。", actor=officer)
    credit.decide_objection(objection, decision="delete", decision_text="经核实系误录，予以删除。",
                            actor=officer)
    docs["异议处理决定书"] = credit.decision_document(objection)
    repair = credit.file_repair(record(office=officer.office), channel="online", reason="申请修复",
                                materials=["application"], actor=officer)
    credit.decide_repair(repair, actor=officer, decision_text="请补齐材料后重新申请。")
    docs["不予信用修复告知书"] = credit.decision_document(repair)
    return docs


@pytest.fixture
def documents(monkeypatch):
    """The issued documents; each one's HTML is kept on `.html` to look for the seal area."""
    rendered = []
    original = pdf_module.render_html
    monkeypatch.setattr(pdf_module, "render_html",
                        lambda template, **context: rendered.append(original(template, **context)) or rendered[-1])
    docs = issued_documents()
    for document in docs.values():  # issued in order, one render each
        document.html = next(h for h in rendered if f"<title>{document.title}</title>" in h)
    return docs


def test_no_page_holds_only_the_signature(documents):
    for name, document in documents.items():
        if name == "告知承诺书":  # signed by the party on each copy, no 落款 of an authority
            continue
        last = pages(document.content)[-1]
        assert "2026年11月23日" in last, name
        # before the 落款 (authority and date) the last page still carries lines of the body
        before_signature = last[:last.rfind("2026年11月23日")]
        assert len(re.findall(r"[\u4e00-\u9fff]", before_signature)) > 30, f"{name}：末页只有落款和日期"


def test_every_font_is_embedded(documents, app):
    """pdffonts (poppler) on every document kind: each font embedded, none missing a glyph
    table; the blank credit forms too."""
    assert shutil.which("pdffonts"), "poppler-utils（pdffonts）未安装"
    blanks = {f"{kind}申请书（{who}）": render_pdf(f"credit/pdf/{kind}_form.html", party_kind=who, fill=None)
              for kind in ("objection", "repair") for who in ("org", "person")}
    for name, data in {**{n: d.content for n, d in documents.items()}, **blanks}.items():
        out = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
        rows = out.splitlines()[2:]
        assert rows, f"{name}：没有字体"
        for row in rows:
            emb = row.split()[-5]
            assert emb == "yes", f"{name}：字体未嵌入 {row}"


def test_no_doubled_punctuation_in_any_document(documents):
    """Clerks end their text with "。" and the templates add one: never "。。" in print."""
    for name, document in documents.items():
        text = "".join(pages(document.content))
        for doubled in ("。。", "；；", "，，", "：："):
            assert doubled not in text, f"{name}：{doubled}"


def test_date_is_arabic_full_year_without_leading_zeros(documents, frozen_clock):
    """GB/T 9704-2012 7.3.5.1: 成文日期 2026年11月23日, not 2026年11月23日 in 〇 or 26年."""
    for name, document in documents.items():
        last = pages(document.content)[-1]
        assert "2026年11月23日" in last, name
        assert "二〇" not in last and not re.search(r"年0\d月|月0\d日", last), name


def test_issuing_authority_is_the_committee_not_the_division():
    committee = factories.office(OfficeKind.DEPARTMENT, name="天津市市场监督管理委员会")
    division = factories.office(OfficeKind.APPROVAL, name="市市场监管委行政审批处", parent=committee)
    supervision_division = factories.office(OfficeKind.SUPERVISION, name="市市场监管委食品经营监管处",
                                            parent=committee)
    district = factories.office(OfficeKind.DEPARTMENT, name="和平区人民政府", level=OfficeLevel.DISTRICT)
    bureau = factories.office(OfficeKind.HANDLING_UNIT, name="和平区市场监督管理局", parent=district,
                              level=OfficeLevel.DISTRICT)
    district_division = factories.office(OfficeKind.APPROVAL, name="和平区政务服务办审批科",
                                         parent=district, level=OfficeLevel.DISTRICT)
    approval_bureau = factories.office(OfficeKind.APPROVAL, name="滨海新区行政审批局", parent=district,
                                       level=OfficeLevel.DISTRICT)
    assert division.issuing_authority() is committee
    assert supervision_division.issuing_authority() is committee
    assert bureau.issuing_authority() is bureau
    assert district_division.issuing_authority() is district
    assert approval_bureau.issuing_authority() is approval_bureau
    assert committee.issuing_authority() is committee


def test_documents_are_signed_by_the_authority_with_a_seal_area(documents):
    for name, document in documents.items():
        if name == "告知承诺书":
            continue
        authority = document.office.issuing_authority()
        assert authority is not document.office, name  # the test cases' 处室 sit under a 委
        first, last = pages(document.content)[0], pages(document.content)[-1]
        assert first.startswith(authority.name), f"{name}：发文机关标志应为{authority.name}"
        assert authority.name in last and document.office.name not in last, f"{name}：落款应为{authority.name}"
        assert 'class="seal-area' in document.html, f"{name}：没有印章区"


def test_credit_decisions_are_numbered_official_documents(documents):
    objection, repair = documents["异议处理决定书"], documents["不予信用修复告知书"]
    assert objection.number == "津信异决〔2026〕1号"
    assert repair.number == "津信修决〔2026〕1号"
    for document in (objection, repair):
        first = pages(document.content)[0]
        assert document.number in first and "—1—" in first
        assert "AR-PL-UKai" not in subprocess.run(["pdffonts", "-"], check=True, input=document.content,
                                                  capture_output=True).stdout.decode()  # no 楷体 throughout
        assert 'class="doc-title"' in document.html and "font_stacks" not in document.html


def test_repair_decision_carries_the_reviewers_opinion(documents):
    text = "".join(pages(documents["不予信用修复告知书"].content))
    assert "审查意见" in text
    assert "请补齐材料后重新申请。" in text  # what the reviewer wrote
    assert "申请材料齐全不符合缺少：行政相对人主体资格证明。" in text  # each eligibility check
    assert "尚未登记纠正失信行为的日期" in text and "决定不予信用修复" in text


def test_recommendation_letter_carries_its_own_date(frozen_clock):
    frozen_clock.freeze(datetime(2026, 11, 23, 10, tzinfo=clock.SHANGHAI))
    approved = case("approved")
    task = supervision.task_for_case(approved)
    supervisor = factories.user("supervisor", office=task.office)
    supervision.start(supervisor, task)
    supervision.record_finding(supervisor, task, compliant=False, findings="未配备冷藏设施",
                               rectification_due=date(2026, 12, 10))
    frozen_clock.freeze(datetime(2026, 12, 14, 10, tzinfo=clock.SHANGHAI))
    letter = pages(supervision.after_rectification(supervisor, task, compliant=False,
                                                   text="仍未整改").content)
    assert "2026年12月14日" in letter[-1]  # 成文日期: the day of the letter
    body = "".join(letter)
    assert "于2026年11月23日以津监整〔2026〕1号《责令整改通知书》责令当事人于2026年12月10日前完成整改" in body


def test_clerks_text_closes_its_sentence_once():
    from app.documents.pdf import clause, sentence, tidy_punctuation

    assert sentence("经核实系误录。") == sentence("经核实系误录") == "经核实系误录。"
    assert sentence("缺少：营业执照；") == "缺少：营业执照。" and sentence("  ") == ""
    assert clause("与现场不符。") == "与现场不符"
    assert tidy_punctuation("<p>予以删除。。</p><p>甲，，乙</p>") == "<p>予以删除。</p><p>甲，乙</p>"
