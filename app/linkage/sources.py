"""Implementations of the reader interface over the other modules (registered in init_app when
the module is installed). Each reads through that module's own lookup functions."""
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..core import clock, deadlines, workdays
from ..extensions import db
from .reader import Warning

# Supervision → approval feedback (Art 14): a rectification order or a revocation recommendation.
FEEDBACK_ACTIONS = ("supervision.order_rectification", "supervision.recommend")
WARNING_KINDS = {"sup_start": "启动核查", "sup_finish": "完成核查", "sup_rectify": "整改期限"}


def _span(day_from: date, day_to: date) -> tuple[datetime, datetime]:
    """The Shanghai days [day_from, day_to] as a half-open UTC range."""
    return clock.local_datetime(day_from), clock.local_datetime(day_to + timedelta(days=1))


def commitment_counts(approval_id: int, supervision_id: int, day_from: date, day_to: date) -> dict:
    """LNK-4 from the commitment and supervision records of the pair:
    pushed = cases pushed; received = the pushed cases that landed in that supervision office's
    inbox (the supervision module keeps no separate "opened" mark); started = verifications
    started; revoked = revocations (pushed to the supervision office too, Art 12);
    feedback = rectification orders and revocation recommendations sent back (Art 14)."""
    from ..core.audit import AuditEntry
    from ..commitment.models import CommitmentCase
    from ..supervision.models import SupervisionTask

    start, end = _span(day_from, day_to)
    pair_cases = select(CommitmentCase.id).where(CommitmentCase.office_id == approval_id,
                                                 CommitmentCase.supervision_office_id == supervision_id)

    def count(query) -> int:
        return db.session.scalar(query) or 0

    tasks = select(func.count(SupervisionTask.id)).where(
        SupervisionTask.office_id == supervision_id, SupervisionTask.case_id.in_(pair_cases))
    return {
        "pushed": count(select(func.count()).where(
            CommitmentCase.id.in_(pair_cases), CommitmentCase.pushed_at >= start, CommitmentCase.pushed_at < end)),
        "received": count(tasks.where(SupervisionTask.pushed_at >= start, SupervisionTask.pushed_at < end)),
        "started": count(tasks.where(SupervisionTask.started_at >= start, SupervisionTask.started_at < end)),
        "revoked": count(select(func.count()).where(
            CommitmentCase.id.in_(pair_cases), CommitmentCase.revoked_at >= start, CommitmentCase.revoked_at < end)),
        "feedback": count(select(func.count(AuditEntry.id)).where(
            AuditEntry.subject_type == "commitment_case", AuditEntry.subject_id.in_(pair_cases),
            AuditEntry.action.in_(FEEDBACK_ACTIONS), AuditEntry.at >= start, AuditEntry.at < end)),
    }


def supervision_warnings(office_ids: set[int], now: datetime) -> list[Warning]:
    """LNK-8 / Art 20(5): open supervision clocks of the offices' cases (either side) that are
    in their warning period or overdue."""
    from ..commitment.models import CommitmentCase
    from ..supervision.models import SupervisionTask

    rows = db.session.execute(
        select(deadlines.Deadline, SupervisionTask)
        .join(SupervisionTask, SupervisionTask.id == deadlines.Deadline.subject_id)
        .join(CommitmentCase, CommitmentCase.id == SupervisionTask.case_id)
        .where(deadlines.Deadline.subject_type == SupervisionTask.__tablename__,
               deadlines.Deadline.kind.in_(WARNING_KINDS),
               deadlines.Deadline.state != deadlines.DeadlineState.STOPPED,
               or_(deadlines.Deadline.warn_at <= now, deadlines.Deadline.due_at < now),
               or_(SupervisionTask.office_id.in_(office_ids), CommitmentCase.office_id.in_(office_ids)))
        .order_by(deadlines.Deadline.due_at)
        .options(selectinload(SupervisionTask.case).selectinload(CommitmentCase.party),
                 selectinload(SupervisionTask.office))).all()
    return [Warning(title=f"{WARNING_KINDS[d.kind]}：{task.case.party.name}（{task.case.item_name}，"
                          f"{task.office.name}）",
                    office_id=task.office_id, due_at=d.due_at, light=deadlines.light_of(d, now))
            for d, task in rows]


def push_timeliness(office_ids: set[int], year: int) -> tuple[int, int]:
    """Art 28(2): decided cases of the year with a supervision office, and how many were pushed
    by the end of the next working day after the decision (the seed asks for 实时推送)."""
    from ..commitment.models import CommitmentCase

    start, end = _span(date(year, 1, 1), date(year, 12, 31))
    cases = db.session.scalars(select(CommitmentCase).where(
        CommitmentCase.office_id.in_(office_ids), CommitmentCase.supervision_office_id.is_not(None),
        CommitmentCase.decided_at >= start, CommitmentCase.decided_at < end)).all()
    timely = sum(1 for c in cases
                 if c.pushed_at is not None and c.pushed_at <= workdays.deadline_after(c.decided_at, 1))
    return timely, len(cases)


def catalog_standards(office_ids: set[int]) -> tuple[int, int]:
    """Art 28(1): current catalog items supervised by the offices, and how many of them have a
    published supervision standard (LNK-1)."""
    from ..catalog.models import StandardRevision, StandardStatus, SupervisionStandard
    from ..catalog.services import current_items

    codes = {item.code for office_id in office_ids for item in current_items(supervision_office_id=office_id)}
    if not codes:
        return 0, 0
    published = set(db.session.scalars(
        select(SupervisionStandard.item_code).join(StandardRevision)
        .where(SupervisionStandard.item_code.in_(codes), StandardRevision.status == StandardStatus.PUBLISHED)))
    return len(published), len(codes)


def catalog_pairs() -> list[tuple[int, int]]:
    """The (approval office, supervision office) of every current catalog item (LNK-3)."""
    from ..catalog.services import current_items

    return [(item.office_id, item.supervision_office_id) for item in current_items()
            if item.supervision_office_id is not None]


def register_all(app) -> None:
    from . import reader

    from .. import MODULES

    if "app.catalog" in MODULES:
        reader.register(app, "standards", catalog_standards)
        reader.register(app, "pairs", catalog_pairs)
    if "app.commitment" in MODULES and "app.supervision" in MODULES:
        reader.register(app, "counts", commitment_counts)
        reader.register(app, "warnings", supervision_warnings)
        reader.register(app, "timeliness", push_timeliness)
