"""Optional PostgreSQL read replica for read-only report queries (issue 23 §2).

DATABASE_REPLICA_URL (a streaming replica of DATABASE_URL) is used by `read_session()`; without
it `read_session()` is the primary's db.session. Only queries that may see data a few seconds
old belong here: dashboard counts and the /metrics gauges. Anything that writes, or reads what
the same request just wrote, stays on db.session."""
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from ..config import normalise_database_url
from ..extensions import db


def replica_engine():
    app = current_app._get_current_object()
    url = app.config.get("DATABASE_REPLICA_URL")
    if not url:
        return None
    engine = app.extensions.get("replica_engine")
    if engine is None:
        engine = app.extensions["replica_engine"] = create_engine(
            normalise_database_url(url), pool_pre_ping=True, hide_parameters=True, pool_size=2)
    return engine


@contextmanager
def read_session():
    """A session for read-only reports: on the replica when configured (closed afterwards, never
    committed), else db.session."""
    engine = replica_engine()
    if engine is None:
        yield db.session
        return
    with Session(engine) as session:
        try:
            yield session
        finally:
            session.rollback()
