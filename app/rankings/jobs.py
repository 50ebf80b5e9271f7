"""The on-demand bulletin (queue `documents`): the job (jobs.rankings.build_bulletin) takes the
request's id and runs `run_request`, which commits after each step so the progress page moves."""
from rq import Retry

from ..core import clock, tasks
from ..extensions import db
from ..documents.models import BatchState
from .models import BulletinRequest
from .services import bulletin, periods

JOB = "jobs.rankings.build_bulletin"


def run_request(request_id: int) -> None:
    request = db.session.get(BulletinRequest, request_id)
    if request is None or request.finished:
        return
    period = periods.parse(request.period_kind, request.period_key)
    request.state = BatchState.RUNNING
    db.session.commit()

    def progress(step: int) -> None:
        request.step = step
        if step < request.STEPS:  # the last step commits with the bulletin itself
            db.session.commit()

    try:
        made = bulletin.generate(period, request.district, request.requested_by, progress=progress)
    except Exception as error:  # the row says so; the traceback goes to the worker log
        db.session.rollback()
        request.state, request.error = BatchState.FAILED, f"生成失败：{type(error).__name__}"
        request.finished_at = clock.now()
        db.session.commit()
        raise
    request.bulletin_id, request.state, request.finished_at = made.id, BatchState.DONE, clock.now()
    db.session.commit()


def enqueue(request_id: int) -> bool:
    """After the request row is committed; with Redis down the job waits in the database."""
    return tasks.enqueue_or_keep("documents", JOB, request_id, retry=Retry(max=2, interval=[10, 60]))


def waits_for_redis(request_id: int) -> bool:
    return tasks.is_pending(JOB, request_id)
