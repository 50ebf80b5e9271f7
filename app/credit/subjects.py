"""What a credit record is about, in words. A record keeps its subject as (table, id); the
module that owns the table registers a describer in its init_app, so the credit pages can name
the object ("承诺审批案件：食品经营许可（津…〔2026〕12号）") without importing that module."""
from dataclasses import dataclass
from typing import Callable

from flask import current_app


@dataclass(frozen=True)
class Subject:
    kind: str             # 承诺审批案件 …
    item_name: str = ""   # 事项名称
    number: str = ""      # 决定书文号 or another number staff know it by

    @property
    def text(self) -> str:
        return f"{self.kind}：{self.item_name}" + (f"（{self.number}）" if self.number else "")


def register_subject(app, table: str, describe: Callable[[int], "Subject | None"]) -> None:
    app.extensions.setdefault("credit_subjects", {})[table] = describe


def subject_of(record) -> Subject | None:
    if not record.subject_type or record.subject_id is None:
        return None
    describe = current_app.extensions.get("credit_subjects", {}).get(record.subject_type)
    return describe(record.subject_id) if describe else None
