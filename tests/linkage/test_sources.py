"""The reader interface over the real modules' records."""
from app.catalog.models import StandardRevision, StandardStatus, SupervisionStandard
from app.extensions import db
from app.linkage.services import assessment
from tests.catalog.factories import item
from tests.linkage.helpers import department


def test_standards_compiled_indicator_counts_published_standards_from_the_catalog():
    pair = department()
    offices = {"department": pair.unit, "office": pair.approval_office, "supervision_office": pair.supervision_office}
    with_standard, without = item(**offices), item(**offices)
    item()  # another department's item: not counted
    standard = SupervisionStandard(item_code=with_standard.code, supervision_office=pair.supervision_office)
    standard.revisions = [StandardRevision(number=1, status=StandardStatus.PUBLISHED)]
    draft_only = SupervisionStandard(item_code=without.code, supervision_office=pair.supervision_office)
    draft_only.revisions = [StandardRevision(number=1, status=StandardStatus.DRAFT)]
    db.session.add_all([standard, draft_only])
    db.session.flush()
    [first, *_] = assessment.indicators(pair.unit, 2026)
    assert first["text"] == "1/2 项已编制监管标准（50.0%）"
