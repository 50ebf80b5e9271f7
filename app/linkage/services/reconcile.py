"""LNK-4 / Art 21: the daily reconciliation of each approval–supervision pair, and the problem
log (raised, reported up when the office cannot solve it, tracked to resolution)."""
from datetime import date, datetime

from sqlalchemy import select

from ...core import audit, clock
from ...core.errors import ConcurrentEdit, DomainError, PermissionDenied
from ...extensions import db
from ...notify import outbox
from ...notify.models import Channel
from .. import reader
from ..models import OfficePair, Problem, ProblemState
from . import access
from .meetings import service_office_users

# The allowed transitions of a problem, in one place.
TRANSITIONS = {
    ProblemState.RAISED: {ProblemState.REPORTED, ProblemState.RESOLVED},
    ProblemState.REPORTED: {ProblemState.RESOLVED},
    ProblemState.RESOLVED: set(),
}


def daily_rows(user, day: date) -> list[dict]:
    """One row per visible pair: the day's counts, the differences, the open problems."""
    rows = []
    for pair in access.visible_pairs(user):
        counts = reader.pair_counts(pair.approval_office_id, pair.supervision_office_id, day, day)
        open_problems = db.session.scalars(select(Problem).where(
            Problem.pair_id == pair.id, Problem.state != ProblemState.RESOLVED)).all()
        rows.append({"pair": pair, "counts": counts, "differences": counts.differences(),
                     "open_problems": open_problems})
    return rows


def _check_actor(actor, pair: OfficePair) -> None:
    if not actor.has_role("coordinator") or not access.can_see_pair(actor, pair):
        raise PermissionDenied("只能处理本处室审管对应关系中的问题。")


def raise_problem(actor, pair: OfficePair, description: str, *, day: date | None = None,
                  now: datetime | None = None) -> Problem:
    _check_actor(actor, pair)
    if not description.strip():
        raise DomainError("请填写问题描述。", field="description")
    now = now or clock.now()
    problem = Problem(pair=pair, day=day or clock.to_local(now).date(), description=description.strip(),
                      raised_by_id=actor.id, raised_at=now, state=ProblemState.RAISED)
    db.session.add(problem)
    db.session.flush()
    audit.record("linkage.problem.raise", subject=problem, actor=actor, after={"pair": pair.id})
    return problem


def _move(actor, problem: Problem, target: ProblemState, version: int) -> str:
    _check_actor(actor, problem.pair)
    if problem.version != version:
        raise ConcurrentEdit()
    if target not in TRANSITIONS[problem.state]:
        raise DomainError(f"问题当前为“{problem.state.label}”，不能改为“{target.label}”。")
    before = problem.state.value
    problem.state = target
    return before


def report_up(actor, problem: Problem, reported_to: str, *, version: int, now: datetime | None = None) -> Problem:
    """Art 21: a problem the office cannot solve goes to its department or district."""
    if not reported_to.strip():
        raise DomainError("请填写上报单位。", field="reported_to")
    before = _move(actor, problem, ProblemState.REPORTED, version)
    problem.reported_to, problem.reported_at = reported_to.strip(), now or clock.now()
    db.session.flush()
    for person in service_office_users(problem.pair.unit):  # tracked up the line (Art 21)
        outbox.queue(key=f"lnk:problem:{problem.id}:{person.id}", channel=Channel.IN_APP, user=person,
                     text=f"审管联动问题已上报{problem.reported_to}：{problem.description[:60]}",
                     link="/linkage/")
    audit.record("linkage.problem.report", subject=problem, actor=actor, before={"state": before},
                 after={"state": problem.state.value, "reported_to": problem.reported_to})
    return problem


def resolve(actor, problem: Problem, resolution: str, *, version: int, now: datetime | None = None) -> Problem:
    if not resolution.strip():
        raise DomainError("请填写解决情况。", field="resolution")
    before = _move(actor, problem, ProblemState.RESOLVED, version)
    problem.resolution, problem.resolved_at = resolution.strip(), now or clock.now()
    db.session.flush()
    audit.record("linkage.problem.resolve", subject=problem, actor=actor, before={"state": before},
                 after={"state": problem.state.value})
    return problem


def problems_for(user, state: ProblemState | None = None) -> list[Problem]:
    pair_ids = [p.id for p in access.visible_pairs(user)]
    query = select(Problem).where(Problem.pair_id.in_(pair_ids)).order_by(Problem.raised_at.desc())
    if state is not None:
        query = query.where(Problem.state == state)
    return list(db.session.scalars(query))
