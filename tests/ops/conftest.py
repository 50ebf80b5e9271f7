from tests.notify.conftest import real_queue  # noqa: F401 (the same Redis fixture)
