"""Two districts and the city, with rows of every ledger in November 2026 (and one in October
per district, outside the month)."""
from types import SimpleNamespace

import pytest

from app.extensions import db
from tests import factories
from tests.catalog.factories import published_item
from tests.ledgers.builders import INJECTION, NOV, OCT, K, L, district, rows_for  # noqa: F401


@pytest.fixture
def world(app):
    city = factories.office(K.SERVICE_OFFICE, name="市政务服务办公室", level=L.CITY)
    hotline = factories.office(K.HOTLINE_CENTRE, name="便民专线服务中心", level=L.CITY, parent=city)
    a, b = district("甲区", city), district("乙区", city)
    item = published_item()
    clerk = factories.user("window_clerk", office=a.centre)
    for d in (a, b):
        rows_for(d, item, clerk, NOV)
        rows_for(d, item, clerk, NOV.replace(day=28), party_name=INJECTION if d is a else "天津市乙区商店")
        rows_for(d, item, clerk, OCT)
    db.session.commit()
    return SimpleNamespace(
        city=city, hotline=hotline, a=a, b=b, item=item,
        city_leader=factories.user("leader", office=city),
        a_leader=factories.user("leader", office=a.service),
        b_leader=factories.user("leader", office=b.service),
        reviewer=factories.user("hotline_reviewer", office=hotline),
        a_clerk=clerk,
        a_approver=factories.user("approver", office=a.approval),
    )


@pytest.fixture(autouse=True)
def _export_dir(app, tmp_path):
    """Each test its own stored files area (the database rolls back, files would stay)."""
    app.config["LEDGER_EXPORT_DIR"] = str(tmp_path / "ledger-exports")
    yield
    app.config.pop("LEDGER_EXPORT_DIR")
