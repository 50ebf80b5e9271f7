"""gunicorn settings, every one from the environment (docs/operations.md):
    gunicorn -c deploy/gunicorn.conf.py wsgi:app"""
import os
import shutil

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))  # ~ 2 per core; web processes are stateless
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # a PDF rendered in a request may take seconds
graceful_timeout = 30
keepalive = 5
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"  # workers forked from a built app (app/ops/preload.py)
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))  # recycle workers (WeasyPrint memory)
max_requests_jitter = 200
# Client addresses from nginx's X-Forwarded-For only when nginx is the peer.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None  # the app writes one JSON access line per request (app/ops/logs.py)
errorlog = "-"


def on_starting(server):
    """Prometheus multiprocess mode: start from an empty directory (stale files of a previous
    run would add old values)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory and os.environ.get("PROMETHEUS_MULTIPROC_CLEAN", "1") == "1":
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
