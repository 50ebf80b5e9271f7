"""Engine set-up shared by SQLite and PostgreSQL."""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

_registered = False


def _sqlite_connect(dbapi_connection, _record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        # Let SQLAlchemy drive transactions (needed for SAVEPOINT) and enforce foreign keys.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def _sqlite_begin(conn):
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")


def init_app(app):
    global _registered
    if not _registered:
        event.listen(Engine, "connect", _sqlite_connect)
        event.listen(Engine, "begin", _sqlite_begin)
        _registered = True


def is_postgres(session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
