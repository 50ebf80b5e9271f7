"""DOC-2 / DOC-3 / DOC-5: the printed text of the commitment documents."""
from datetime import date

from app.commitment import services
from app.supervision import services as supervision
from tests import factories
from tests.commitment.factories import case
from tests.documents.test_pdf import pdf_text


def text(document) -> str:
    return "".join(pdf_text(document.content)).replace("\n", "").replace(" ", "")


def test_letter_has_eight_confirmations_in_two_copies():
    c = case("letter_signed")
    letter = text(c.document("letter"))
    assert letter.count("以上陈述真实、有效，是其真实意思的表示") == 2
    assert "第1联" in letter and "第2联" in letter and c.party.name in letter
    assert "所提供的纸质申请材料和电子申请材料内容完全一致" in letter


def test_approval_document_marked_and_numbered():
    c = case("approved")
    approval = text(c.document("approval"))
    assert "承诺审批" in approval and c.decision_number in approval


def test_revocation_decision_contents():
    c = case("approved")
    services.check_material(c.created_by, c, c.materials[0], accepted=False, reason="与现场不符")
    body = text(services.revoke(c.created_by, c, "rejected"))
    for phrase in (c.party.name, c.revocation_number, c.decision_number, "承诺审批",
                   "行政许可法》第六十九条", "60日内", "6个月内", "申请行政复议", c.office.issuing_authority().name,
                   "2026年11月23日", "与现场不符", "撤销事由：补交的申请材料不符合法定条件",
                   "全程监督办法（试行）》第十条"):
        assert phrase in body, phrase


def test_rectification_order_and_recommendation_letter():
    c = case("approved")
    task = supervision.task_for_case(c)
    sup = factories.user("supervisor", office=task.office)
    supervision.start(sup, task)
    order = text(supervision.record_finding(sup, task, compliant=False, findings="无冷藏设施",
                                            rectification_due=date(2026, 12, 10)))
    assert "停止" in order and "2026年12月10日" in order and "无冷藏设施" in order
    letter = text(supervision.after_rectification(sup, task, compliant=False, text="仍未整改"))
    assert "建议" in letter and "撤销" in letter and c.office.name in letter


def test_revocation_names_the_reconsideration_body_configured_for_the_office():
    other = case("approved")
    other.office.reconsideration_body = "天津市市场监督管理委员会"
    services.check_material(other.created_by, other, other.materials[0], accepted=False, reason="与现场不符")
    body = text(services.revoke(other.created_by, other, "rejected"))
    assert "向天津市市场监督管理委员会申请行政复议" in body


def test_reconsideration_body_defaults_to_the_government_at_the_office_level():
    from app.accounts.roles import OfficeKind, OfficeLevel

    city = factories.office(OfficeKind.APPROVAL)
    district = factories.office(OfficeKind.DEPARTMENT, name="和平区人民政府", level=OfficeLevel.DISTRICT)
    district_bureau = factories.office(OfficeKind.APPROVAL, parent=district, level=OfficeLevel.DISTRICT)
    assert city.reviewing_body() == "天津市人民政府"
    assert district_bureau.reviewing_body() == "和平区人民政府"
    district_bureau.reconsideration_body = "天津市和平区人民政府"
    assert district_bureau.reviewing_body() == "天津市和平区人民政府"


def test_reconsideration_body_from_a_shortly_named_district():
    from app.accounts.roles import OfficeKind, OfficeLevel

    district = factories.office(OfficeKind.HANDLING_UNIT, name="滨海新区", level=OfficeLevel.DISTRICT)
    bureau = factories.office(OfficeKind.APPROVAL, name="滨海新区行政审批局", parent=district,
                              level=OfficeLevel.DISTRICT)
    orphan = factories.office(OfficeKind.SERVICE_CENTRE, name="河西区政务服务中心", level=OfficeLevel.DISTRICT)
    assert bureau.reviewing_body() == "滨海新区人民政府"
    assert orphan.reviewing_body() == "河西区人民政府"
