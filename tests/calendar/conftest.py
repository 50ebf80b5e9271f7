import pytest

from app.core import workdays


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Overrides written by a test are rolled back with it; drop the cached calendar too."""
    workdays.invalidate()
    yield
    workdays.invalidate()
