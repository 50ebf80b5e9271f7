import os

import fakeredis
import pytest
import redis

from app.core import tasks


@pytest.fixture
def real_queue(app):
    """Jobs go to Redis (REDIS_URL, as in CI) or to a fresh fakeredis, and run when the test
    calls work() — as an RQ worker would, not at enqueue time."""
    if os.environ.get("REDIS_URL"):
        connection = redis.Redis.from_url(os.environ["REDIS_URL"])
        connection.flushdb()
    else:
        connection = fakeredis.FakeRedis()
    saved = app.extensions.get("redis_connection"), app.config["JOBS_SYNC"]
    app.extensions["redis_connection"] = connection
    app.config["JOBS_SYNC"] = False

    def work() -> bool:
        return tasks.run_pending(app, connection)

    work.connection = connection
    yield work
    app.extensions["redis_connection"], app.config["JOBS_SYNC"] = saved
    if os.environ.get("REDIS_URL"):
        connection.flushdb()
