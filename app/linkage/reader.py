"""The reader interface onto other modules' records (push, verification, catalog).

Other modules' data is read through sources registered in app.extensions, so this package needs
no foreign keys into their tables. Each source is a plain function; absent sources count zero.

- counts source: (approval_office_id, supervision_office_id, day_from, day_to) -> dict with any of
  pushed, received, started, revoked, feedback (LNK-4)
- warnings source: (office_ids, now) -> list of Warning (LNK-8)
- standards source: (office_ids) -> (compiled, total) items with a supervision standard (Art 28(1))
- timeliness source: (office_ids, year) -> (timely, total) pushes (Art 28(2))
- pairs source: () -> [(approval_office_id, supervision_office_id)] the catalog assigns"""
from dataclasses import dataclass, fields
from datetime import date, datetime

from flask import current_app

COUNT_LABELS = {"pushed": "已推送", "received": "已接收", "started": "已启动核查",
                "revoked": "撤销", "feedback": "监管反馈"}


@dataclass
class Counts:
    pushed: int = 0
    received: int = 0
    started: int = 0
    revoked: int = 0
    feedback: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def differences(self) -> list[str]:
        """LNK-4: what the two coordinators must reconcile."""
        found = []
        if self.pushed != self.received:
            found.append(f"推送 {self.pushed} 件，接收 {self.received} 件，相差 {self.pushed - self.received} 件")
        return found


@dataclass(frozen=True)
class Warning:
    title: str
    office_id: int
    due_at: datetime
    light: str
    url: str = ""


def register(app, kind: str, source) -> None:
    """kind: counts | warnings | standards | timeliness | pairs."""
    app.extensions.setdefault("linkage_sources", {}).setdefault(kind, []).append(source)


def _sources(kind: str):
    return current_app.extensions.get("linkage_sources", {}).get(kind, [])


def pair_counts(approval_office_id: int, supervision_office_id: int, day_from: date, day_to: date) -> Counts:
    total = Counts()
    for source in _sources("counts"):
        total = total + Counts(**source(approval_office_id, supervision_office_id, day_from, day_to))
    return total


def warnings(office_ids: set[int], now: datetime) -> list[Warning]:
    items = [w for source in _sources("warnings") for w in source(office_ids, now)]
    return sorted(items, key=lambda w: w.due_at)


def _ratio(kind: str, *args) -> tuple[int, int]:
    done = total = 0
    for source in _sources(kind):
        a, b = source(*args)
        done, total = done + a, total + b
    return done, total


def standards_compiled(office_ids: set[int]) -> tuple[int, int]:
    return _ratio("standards", office_ids)


def push_timeliness(office_ids: set[int], year: int) -> tuple[int, int]:
    return _ratio("timeliness", office_ids, year)


def office_pairs() -> set[tuple[int, int]]:
    return {pair for source in _sources("pairs") for pair in source()}
