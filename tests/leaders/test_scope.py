"""Whose figures a leader sees (SEC-2): city, district, department; not a leader: nothing."""
from app.leaders.services.scope import CITY, DEPARTMENT, DISTRICT, districts, scope_for
from tests import factories


def test_city_leader_sees_everything(world):
    scope = scope_for(factories.user("leader", office=world.centre))
    assert scope.level == CITY and scope.office_ids is None and scope.allows(world.unit_b.id)


def test_district_leader_sees_the_whole_district_only(world):
    scope = scope_for(factories.user("leader", office=world.office_a))
    assert scope.level == DISTRICT and scope.office_id == world.district_a.id and scope.label == "甲区人民政府"
    assert scope.allows(world.unit_a.id) and scope.allows(world.hall_a.id)
    assert not scope.allows(world.unit_b.id) and not scope.allows(world.unit_city.id) and not scope.allows(0)


def test_department_leader_sees_the_department(world):
    scope = scope_for(factories.user("leader", office=world.unit_city))
    assert scope.level == DEPARTMENT and scope.office_ids == {world.department.id, world.unit_city.id}


def test_not_a_leader_has_no_scope(world):
    assert scope_for(factories.user("hotline_reviewer", office=world.centre)) is None
    assert scope_for(None) is None


def test_districts_are_the_district_roots(world):
    ids = {d.id for d in districts()}
    assert {world.district_a.id, world.district_b.id} <= ids and world.unit_a.id not in ids
