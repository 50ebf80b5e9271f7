"""The demo catalog exported to Excel re-imports unchanged: every field of every item equal."""
import io

from sqlalchemy import inspect

from app.accounts.models import office_by_code
from app.catalog import excel, services
from app.catalog.demo import load_demo
from app.demo.loader import _load_offices
from tests import factories

SKIPPED = {"id", "catalog_version_id"}


def _snapshot(version) -> dict:
    items = {}
    for item in version.items:
        fields = {c.key: getattr(item, c.key) for c in inspect(type(item)).column_attrs
                  if c.key not in SKIPPED}
        fields["materials"] = [(m.position, m.name, m.level, m.attribute, m.source,
                                m.preparation_points) for m in item.materials]
        fields["centres"] = sorted((c.centre_id, c.daily_quota) for c in item.centres)
        items[item.code] = fields
    return items


def test_demo_catalog_round_trip_changes_nothing():
    _load_offices()
    load_demo()
    admin = factories.user("admin", office=office_by_code("ZWB"))
    draft = services.start_draft(admin, 2027)
    before = _snapshot(draft)
    assert any(f["exclusions"] for f in before.values())   # the "、" inside an option is exercised
    assert any(f["centres"] for f in before.values())      # and the 预约中心 column
    result = excel.import_workbook(admin, draft, io.BytesIO(excel.export_workbook(draft)))
    assert result.errors == []
    assert result.created == 0
    from app.extensions import db
    db.session.expire_all()
    assert _snapshot(draft) == before
