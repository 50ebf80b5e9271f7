"""The production worker class:  rq worker -w jobs.worker.AppWorker --with-scheduler ...
It builds the Flask app once in the parent process, so the forked work horses inherit it
instead of building it again for every job (about a second each)."""
from rq import Worker

import jobs


class AppWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        jobs.preload_app()
