"""The production worker class:  rq worker -w jobs.worker.AppWorker --with-scheduler ...
It builds the Flask app once in the parent process, so the forked work horses inherit it
instead of building it again for every job (about a second each), and sends RQ's own log lines
through the app's JSON handler (request-id-free, personal data scrubbed: app/ops/logs.py)."""
from rq import Worker

import jobs
from app.ops import logs


class AppWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        logs.adopt(jobs.preload_app())
