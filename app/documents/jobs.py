"""RQ job of the documents module (queue `documents`). Jobs take ids and open an app context."""
from contextlib import nullcontext

from flask import has_app_context
from rq import Retry

from ..core import tasks
from ..extensions import db


def _app_context():
    if has_app_context():  # JOBS_SYNC (tests) and the embedded runner
        return nullcontext()
    from app import create_app

    return create_app().app_context()


def build_print_batch(batch_id: int) -> None:
    from .models import PrintBatch
    from .services import merge_print_batch

    with _app_context():
        batch = db.session.get(PrintBatch, batch_id)
        if batch is None:
            return
        merge_print_batch(batch, progress=db.session.commit)
        db.session.commit()


def enqueue_print_batch(batch_id: int) -> bool:
    """Call after the request committed the batch row. With Redis down the job is kept in the
    database (the batch shows 等待后台任务) and runs once Redis is back (issue 15 §9); the
    caller commits."""
    return tasks.enqueue_or_keep("documents", build_print_batch, batch_id,
                                 retry=Retry(max=3, interval=[5, 30, 120]))


def waits_for_redis(batch_id: int) -> bool:
    return tasks.is_pending(build_print_batch, batch_id)
