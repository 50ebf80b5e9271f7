"""Liveness and readiness (issue 23 §3).

/healthz: the process answers (no I/O). /readyz: the database answers, Redis answers, the
database is migrated to the head revision(s) of migrations/, and the queues hold fewer than
READY_MAX_QUEUE_DEPTH jobs. A load balancer takes a web process that is not ready out of
rotation; systemd/compose restart one that is not healthy."""
from functools import lru_cache

import redis
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from rq import Queue
from sqlalchemy import text

from ..config import BASE_DIR
from ..core import tasks
from ..extensions import db


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    config = AlembicConfig()
    config.set_main_option("script_location", str(BASE_DIR / "migrations"))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def ops_redis():
    """A Redis client with short timeouts (a probe must answer fast even when Redis hangs);
    the embedded in-memory Redis when REDIS_URL is unset."""
    app = current_app._get_current_object()
    url = app.config.get("REDIS_URL")
    if not url:
        return tasks.redis_connection()
    client = app.extensions.get("ops_redis")
    if client is None:
        client = app.extensions["ops_redis"] = redis.Redis.from_url(
            url, socket_connect_timeout=1, socket_timeout=2)
    return client


def queue_depths(connection) -> dict[str, int]:
    return {name: Queue(name, connection=connection).count for name in tasks.QUEUES}


def check_database() -> tuple[bool, str]:
    try:
        connection = db.session.connection()  # the request's session (closed at teardown)
        connection.execute(text("SELECT 1"))
        current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:  # the type only: messages can carry connection details
        return False, f"database error: {type(error).__name__}"
    missing = migration_heads() - current
    if missing:
        return False, "migrations not at head: " + ", ".join(sorted(missing))
    return True, "ok"


def check_redis() -> tuple[bool, str, dict[str, int]]:
    try:
        connection = ops_redis()
        connection.ping()
        return True, "ok", queue_depths(connection)
    except Exception as error:
        return False, f"redis error: {type(error).__name__}", {}


def readiness() -> tuple[bool, dict]:
    db_ok, db_detail = check_database()
    redis_ok, redis_detail, depths = check_redis()
    limit = current_app.config["READY_MAX_QUEUE_DEPTH"]
    total = sum(depths.values())
    queues_ok = redis_ok and total < limit
    checks = {
        "database": db_detail,
        "redis": redis_detail,
        "queues": {"depths": depths, "limit": limit,
                   "status": "ok" if queues_ok else ("backlog" if redis_ok else "unknown")},
    }
    return db_ok and redis_ok and queues_ok, checks
