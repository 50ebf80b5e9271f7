"""/healthz, /readyz (database, Redis, migrations at head, queue depth) and /metrics with its
access rule (issue 23 §3)."""
import redis
from rq import Queue
from sqlalchemy import text

from app.core import tasks
from app.extensions import db
from app.notify import outbox
from app.notify.models import Channel
from app.ops import health, metrics, replica
from tests import factories


def test_healthz_answers_without_an_account(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_is_ready_on_a_migrated_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json["checks"]["database"] == "ok"
    assert response.json["checks"]["redis"] == "ok"


def test_readyz_refuses_a_database_behind_the_migrations(client, monkeypatch):
    monkeypatch.setattr(health, "migration_heads", lambda: frozenset({"9999_not_applied"}))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "migrations not at head: 9999_not_applied"


def test_readyz_refuses_when_redis_is_down(app, client):
    saved = app.extensions.get("ops_redis"), app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    app.extensions["ops_redis"] = redis.Redis(port=1, socket_connect_timeout=0.2)
    try:
        response = client.get("/readyz")
    finally:
        app.extensions["ops_redis"], app.config["REDIS_URL"] = saved
    assert response.status_code == 503
    assert response.json["checks"]["redis"] == "redis error: ConnectionError"


def test_readyz_refuses_a_queue_backlog(app, client, real_queue, monkeypatch):
    monkeypatch.setattr(health, "ops_redis", lambda: real_queue.connection)
    monkeypatch.setitem(app.config, "READY_MAX_QUEUE_DEPTH", 3)
    for _ in range(3):
        Queue("documents", connection=real_queue.connection).enqueue("jobs.notify.deliver", 0)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["queues"]["depths"]["documents"] == 3
    assert response.json["checks"]["queues"]["status"] == "backlog"


def test_metrics_show_latency_queues_outbox_overdue_and_pdf_time(app, client, real_queue, monkeypatch):
    monkeypatch.setattr(health, "ops_redis", lambda: real_queue.connection)
    user = factories.user("approver")
    outbox.queue(key="metrics-backlog", channel=Channel.IN_APP, user=user, text="积压")
    client.get("/healthz")
    metrics.observe_pdf(app, template="documents/decision.html", seconds=0.8)
    body = client.get("/metrics").get_data(as_text=True)
    assert 'gov_http_request_duration_seconds_bucket{endpoint="ops.healthz",le="0.3",method="GET"}' in body
    assert 'gov_outbox_messages{status="pending"} 1.0' in body
    assert 'gov_queue_depth{queue="notify"} 0.0' in body
    assert 'gov_failed_jobs{queue="documents"} 0.0' in body
    assert "# TYPE gov_overdue_deadlines gauge" in body
    assert 'gov_pdf_render_seconds_bucket{le="1.0",template="decision.html"}' in body
    assert set(tasks.QUEUES) == {"default", "notify", "documents"}


def test_metrics_refused_outside_the_allowed_networks_unless_the_token_is_given(app, client, monkeypatch):
    remote = {"REMOTE_ADDR": "10.20.30.40"}
    assert client.get("/metrics", environ_base=remote).status_code == 403
    monkeypatch.setitem(app.config, "METRICS_ALLOW", "10.20.0.0/16")
    assert client.get("/metrics", environ_base=remote).status_code == 200
    monkeypatch.setitem(app.config, "METRICS_ALLOW", "")
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "s3cret-token")
    assert client.get("/metrics", environ_base=remote).status_code == 403
    assert client.get("/metrics", environ_base=remote,
                      headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/metrics", environ_base=remote,
                      headers={"Authorization": "Bearer s3cret-token"}).status_code == 200


def test_read_only_reports_use_the_replica_when_one_is_configured(app, monkeypatch):
    with replica.read_session() as session:
        assert session is db.session  # no replica: the primary's session
    monkeypatch.setitem(app.config, "DATABASE_REPLICA_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.delitem(app.extensions, "replica_engine", raising=False)
    try:
        with replica.read_session() as session:
            assert session is not db.session
            assert session.get_bind() is app.extensions["replica_engine"]
            assert session.execute(text("SELECT 1")).scalar() == 1
    finally:
        app.extensions.pop("replica_engine").dispose()
