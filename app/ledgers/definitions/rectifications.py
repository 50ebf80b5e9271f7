"""差评整改台账 (REV-4, REV-5): every justified bad review opened in the period and its
rectification (problem, deadline, measures, completion, the party's reaction)."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...core.excel import Column
from ...extensions import db
from ...reviews.models import BadReviewCase, RectificationEntry
from ...reviews.services.cases import REACTIONS
from ..registry import SEQUENCE, Ledger, deadline_status, local_date, of, office_column


def _entries(cases) -> dict:
    """The rectification line of each case of the batch, in one query."""
    rows = db.session.scalars(select(RectificationEntry).where(
        RectificationEntry.case_id.in_([c.id for c in cases])))
    return {entry.case_id: entry for entry in rows}


def _entry(getter):
    return lambda r: getter(r.extra) if r.extra is not None else None


COLUMNS = (
    SEQUENCE,
    of("办件编号", lambda c: c.matter.number, 22),
    of("事项名称", lambda c: c.matter.item_name, 30, wrap=True),
    of("申请人", lambda c: c.matter.party_name, 20),
    office_column("被评价单位", lambda c: c.office_id),
    of("差评类型", lambda c: c.kind.label, 16),
    of("差评日期", lambda c: local_date(c.opened_at), 14),
    of("评价内容", lambda c: c.rating.comment if c.rating else "", 30, wrap=True),
    Column("存在问题", _entry(lambda e: e.problem), 30, wrap=True),
    Column("整改期限", _entry(lambda e: local_date(e.due_at)), 14),
    Column("整改措施", _entry(lambda e: e.measures), 40, wrap=True),
    Column("完成日期", _entry(lambda e: local_date(e.done_at)), 14),
    Column("期限状态", lambda r: deadline_status(local_date(r.extra.due_at), local_date(r.extra.done_at),
                                              r.context["today"]) if r.extra else "", 14),
    of("案件状态", lambda c: c.state.label, 12),
    of("申请人评价", lambda c: REACTIONS.get(c.party_reaction, ""), 12),
)

LEDGER = Ledger(
    key="rectifications", title="差评整改台账", roles=("leader", "window_clerk"),
    model=BadReviewCase, period_column=BadReviewCase.opened_at, office_columns=(BadReviewCase.office_id,),
    joins=((RectificationEntry, RectificationEntry.case_id == BadReviewCase.id),),
    columns=COLUMNS, prefetch=_entries,
    options=(joinedload(BadReviewCase.matter), joinedload(BadReviewCase.rating)),
    description="按差评日期统计的经核实差评及其整改情况。",
)
