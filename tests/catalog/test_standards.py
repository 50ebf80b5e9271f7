"""LNK-1: supervision standards — complete elements, revisions with history, own office only."""
import pytest

from app.catalog import standards
from app.catalog.models import PROCEDURE_ARTICLES, STANDARD_ELEMENTS, StandardStatus
from app.core.errors import DomainError, PermissionDenied
from tests import factories
from tests.catalog import factories as cf

ELEMENTS = {key: f"{label}内容" for key, label in STANDARD_ELEMENTS}
ARTICLES = [f"第{i + 1}条内容" for i in range(len(PROCEDURE_ARTICLES))]


def test_revisions_keep_history_and_one_published():
    item = cf.published_item()
    supervisor = factories.user("supervisor", office=item.supervision_office)
    first = standards.save_draft(supervisor, item, ELEMENTS, ARTICLES, "首次编制")
    standards.publish(supervisor, item)
    second = standards.save_draft(supervisor, item, {**ELEMENTS, "frequency": "每季度一次"},
                                  ARTICLES, "调整频率")
    assert second.number == 2 and first.status == StandardStatus.PUBLISHED
    standards.publish(supervisor, item)
    standard = standards.standard_for(item.code)
    assert [r.status for r in standard.revisions] == [StandardStatus.SUPERSEDED, StandardStatus.PUBLISHED]
    assert standard.published.elements["frequency"] == "每季度一次"
    assert first.elements["frequency"] == "频率内容"


def test_other_supervision_office_cannot_edit():
    item = cf.published_item()
    stranger = factories.user("supervisor")
    with pytest.raises(PermissionDenied):
        standards.save_draft(stranger, item, ELEMENTS, ARTICLES, "")


def test_all_eleven_elements_required():
    item = cf.published_item()
    supervisor = factories.user("supervisor", office=item.supervision_office)
    with pytest.raises(DomainError) as err:
        standards.save_draft(supervisor, item, {**ELEMENTS, "penalties": " "}, ARTICLES, "")
    assert err.value.field == "penalties" and "惩戒措施" in err.value.message
