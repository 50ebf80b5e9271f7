"""CAT-3 and CAT-4 lookups other modules rely on."""
import pytest

from app.catalog import services, standards
from app.catalog.demo import ITEMS, load_demo
from app.catalog.models import Exclusion, VersionStatus
from app.core.errors import DomainError
from app.demo.loader import _load_offices
from tests.catalog import factories as cf


def test_current_item_finds_published_item():
    item = cf.published_item(code="X-1")
    assert services.current_item("X-1") == item


def test_current_item_refuses_unknown_code():
    cf.published_item(code="X-1")
    with pytest.raises(DomainError, match="不在现行事项目录"):
        services.current_item("NOPE")


def test_current_item_refuses_items_only_in_a_draft():
    cf.published_item(code="X-1")
    draft = cf.catalog(VersionStatus.DRAFT)
    cf.item(draft, code="X-NEW")
    with pytest.raises(DomainError):
        services.current_item("X-NEW")


def test_no_published_catalog_is_a_clear_error():
    with pytest.raises(DomainError, match="尚未发布"):
        services.current_item("X-1")
    assert services.current_items() == []


def test_commitment_eligible_items_by_office():
    a = cf.published_item(commitment_eligible=True)
    cf.published_item(commitment_eligible=False)
    b = cf.published_item(commitment_eligible=True)
    assert {i.id for i in services.commitment_eligible_items()} == {a.id, b.id}
    assert services.commitment_eligible_items(a.office) == [a]


def test_filters_nearby_and_bookable():
    nearby = cf.published_item(handling_modes="online,nearby", nearby_enabled=True)
    cf.published_item(handling_modes="online")
    assert services.current_items(nearby_enabled=True) == [nearby]
    assert services.current_items(mode="nearby") == [nearby]


@pytest.mark.parametrize("exclusion", [e.value for e in Exclusion])
def test_cat3_every_excluded_category_blocks_commitment(exclusion):
    with pytest.raises(DomainError) as err:
        services.check_item_values({"commitment_eligible": True, "exclusions": [exclusion]})
    assert err.value.field == "commitment_eligible"
    assert Exclusion(exclusion).label in err.value.message


def test_cat3_no_exclusion_allows_commitment():
    services.check_item_values({"commitment_eligible": True, "exclusions": []})


def test_demo_catalog_is_consistent():
    _load_offices()
    load_demo()
    items = services.current_items()
    assert len(items) == len(ITEMS) and 15 <= len(items) <= 20
    assert len(services.commitment_eligible_items()) >= 4
    assert len(services.current_items(bookable=True)) >= 4
    assert len(services.current_items(nearby_enabled=True)) >= 4
    for item in items:
        assert not (item.commitment_eligible and item.exclusion_list)  # CAT-3
        assert item.committed_limit_days <= item.statutory_limit_days
        assert item.materials and item.office.kind.value == "approval"
        if item.bookable:
            assert item.daily_quota_at(item.centres[0].centre_id) > 0
    food = services.current_item("120000-SCJG-XK-001")
    assert food.office.code == "SCJG-SP" and food.supervision_office.code == "SCJG-JG"
    assert standards.standard_for(food.code).published.elements["scope"].startswith("天津市")
