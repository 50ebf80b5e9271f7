"""The registry of ledger definitions (台账): one small module per ledger under definitions/
registers a Ledger. A definition names the rows (a model, fixed conditions, joins), the
column the period filters on, the office columns the scope filters on (SEC-2), who may
export it, and the columns a clerk files."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app

from ..core import clock
from ..core.excel import Column

BATCH = 1000  # rows read per keyset step: an export never holds more than this many rows


@dataclass
class LedgerRow:
    """What a column reads: the row number (序号), the row's object, the batch's prefetched
    facts about it, and the export's context (today, office names)."""
    n: int
    obj: object
    extra: object
    context: dict


@dataclass(frozen=True)
class Ledger:
    key: str
    title: str
    roles: tuple[str, ...]
    model: type                        # its `id` is the keyset; rows are read in id order
    period_column: object              # a Date or a UTC DateTime column
    office_columns: tuple              # a row is in scope when any of these is
    columns: tuple[Column, ...]
    description: str = ""
    where: tuple = ()                  # fixed conditions (e.g. revoked cases only)
    joins: tuple = ()                  # (target, onclause) for columns of another table
    options: tuple = ()                # loader options for what the columns read
    prefetch: Callable[[list], dict] | None = None   # {row id: extra facts} for one batch
    city_wide_kinds: tuple = field(default=())       # office kinds that see every office's rows


def register(app, ledger: Ledger) -> None:
    app.extensions.setdefault("ledgers", {})[ledger.key] = ledger


def all_ledgers() -> list[Ledger]:
    return list(current_app.extensions.get("ledgers", {}).values())


def get(key: str) -> Ledger | None:
    return current_app.extensions.get("ledgers", {}).get(key)


def ledgers_for(user) -> list[Ledger]:
    return [ledger for ledger in all_ledgers() if user.has_any_role(ledger.roles)]


def export_roles(app) -> tuple[str, ...]:
    """Everyone who may export at least one ledger (the page's role gate)."""
    return tuple(sorted({role for ledger in app.extensions.get("ledgers", {}).values() for role in ledger.roles}))


# ---- helpers the definitions share ---------------------------------------------------------

SEQUENCE = Column("序号", lambda r: r.n, 6)


def of(header: str, getter: Callable[[object], object], width: int = 16, wrap: bool = False) -> Column:
    """A column read from the row's object."""
    return Column(header, lambda r: getter(r.obj), width, wrap)


def local_date(moment: datetime | None) -> date | None:
    return clock.to_local(moment).date() if moment else None


def office_column(header: str, getter: Callable[[object], int | None], width: int = 24) -> Column:
    """An office named from the export's office table (loaded once, not per row)."""
    return Column(header, lambda r: r.context["office_names"].get(getter(r.obj), ""), width)


def deadline_status(due: date | None, finished: date | None, today: date) -> str:
    """期限状态 as a clerk writes it: 剩余3天 / 今日到期 / 逾期2天 / 按期完成 / 逾期5天完成."""
    if due is None:
        return ""
    if finished is not None:
        late = (finished - due).days
        return f"逾期{late}天完成" if late > 0 else "按期完成"
    left = (due - today).days
    if left > 0:
        return f"剩余{left}天"
    return "今日到期" if left == 0 else f"逾期{-left}天"


def month_label(d: date | None) -> str:
    return f"{d.year}年{d.month}月" if d else ""
