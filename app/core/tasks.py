"""Enqueueing background work on RQ (the public API; the worker side lives in jobs/).

With REDIS_URL set, jobs go to that Redis; without it, to an in-memory Redis served by the
embedded runner. With JOBS_SYNC (tests), a job runs at once in the calling process."""
from flask import current_app
from rq import Queue

QUEUES = ("default", "notify", "documents")


def redis_connection():
    app = current_app._get_current_object()
    connection = app.extensions.get("redis_connection")
    if connection is None:
        if app.config.get("REDIS_URL"):
            import redis

            connection = redis.Redis.from_url(app.config["REDIS_URL"])
        else:
            import fakeredis

            connection = fakeredis.FakeRedis(server=_embedded_server())
        app.extensions["redis_connection"] = connection
    return connection


_server = None


def _embedded_server():
    global _server
    if _server is None:
        import fakeredis

        _server = fakeredis.FakeServer()
    return _server


def queue(name: str = "default") -> Queue:
    if name not in QUEUES:
        raise ValueError(f"unknown queue {name}")
    return Queue(name, connection=redis_connection(), is_async=not current_app.config.get("JOBS_SYNC"))


def enqueue(queue_name: str, func, *args, **kwargs):
    """Enqueue func(*args, **kwargs). Pass ids, never ORM objects."""
    return queue(queue_name).enqueue(func, *args, **kwargs)
