"""A draft catalog is seen whole only by the service office; a department sees its own draft
items; every other office gets 403 (CAT-4)."""
import pytest

from app.accounts.roles import OfficeKind
from app.catalog.models import VersionStatus
from tests import factories
from tests.catalog import factories as cf


@pytest.fixture
def drafted():
    draft = cf.catalog(VersionStatus.DRAFT, year=2027)
    own_dept, own_approval, _ = cf.department_offices()
    other_dept, _, _ = cf.department_offices()
    mine = cf.item(draft, department=own_dept, office=own_approval, code="D-MINE", main_name="本部门草稿事项")
    theirs = cf.item(draft, department=other_dept, code="D-THEIRS", main_name="他部门草稿事项")
    return draft, own_dept, own_approval, other_dept, mine, theirs


def test_service_office_sees_the_whole_draft(client, login_as, drafted):
    draft, *_, mine, theirs = drafted
    login_as("admin", office=factories.office(OfficeKind.SERVICE_OFFICE))
    page = client.get(f"/catalog/?version={draft.id}").text
    assert "本部门草稿事项" in page and "他部门草稿事项" in page
    assert client.get(f"/catalog/items/{theirs.id}").status_code == 200
    assert client.get(f"/catalog/versions/{draft.id}/export.xlsx").status_code == 200


def test_department_sees_only_its_own_draft_items(client, login_as, drafted):
    draft, own_dept, own_approval, _, mine, theirs = drafted
    login_as("approver", office=own_approval)  # an office under the department
    page = client.get(f"/catalog/?version={draft.id}").text
    assert "本部门草稿事项" in page and "他部门草稿事项" not in page
    assert client.get(f"/catalog/items/{mine.id}").status_code == 200
    assert client.get(f"/catalog/items/{theirs.id}").status_code == 403
    assert client.get(f"/catalog/items/{theirs.id}.pdf").status_code == 403
    assert client.get(f"/catalog/items/{theirs.id}/standard").status_code == 403
    material = theirs.materials[0]
    assert client.get(f"/catalog/materials/{material.id}/files/template").status_code == 403


def test_other_offices_get_403_for_a_draft(client, login_as, drafted):
    draft, *_, mine, theirs = drafted
    login_as("supervisor", office=factories.office(OfficeKind.DEPARTMENT))
    assert client.get(f"/catalog/?version={draft.id}").status_code == 403
    assert client.get(f"/catalog/items/{mine.id}").status_code == 403
    assert client.get(f"/catalog/versions/{draft.id}/export.xlsx").status_code == 403


def test_published_items_stay_open_to_all_staff(client, login_as):
    item = cf.published_item(main_name="已发布事项")
    login_as("window_clerk", office=factories.office(OfficeKind.DEPARTMENT))
    assert client.get(f"/catalog/items/{item.id}").status_code == 200
    assert "已发布事项" in client.get("/catalog/").text
