import pytest

from tests.linkage.helpers import FakeSource


@pytest.fixture
def counts_source(app):
    """Registers a fake counts source for the test, removed afterwards."""
    source = FakeSource()
    sources = app.extensions.setdefault("linkage_sources", {}).setdefault("counts", [])
    sources.append(source)
    yield source
    sources.remove(source)
