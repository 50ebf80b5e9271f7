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
        # Readers never block the writer (web requests beside the embedded job runner).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def _sqlite_begin(conn):
    # IMMEDIATE takes the write lock up front, so two transactions that read and then write
    # wait for each other (busy_timeout) instead of failing with "database is locked".
    # The tests' outer rolled-back transaction asks for DEFERRED so that tests may commit on
    # other connections.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN " + conn.get_execution_options().get("sqlite_begin", "IMMEDIATE"))


def init_app(app):
    global _registered
    if not _registered:
        event.listen(Engine, "connect", _sqlite_connect)
        event.listen(Engine, "begin", _sqlite_begin)
        _registered = True


def is_postgres(session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
