"""Gap-free official document numbers (DOC-1): 津市监审承〔2026〕12号.

One counter row per (series kind, issuing office, year). A number is taken in the same
transaction as the document that carries it, by `UPDATE … RETURNING`: on PostgreSQL that
statement holds the row lock (what SELECT … FOR UPDATE would) until commit or rollback, and on
SQLite it takes the database write lock, so concurrent issuers queue up. A rolled-back
transaction gives its number back: no gaps, no duplicates.
"""
from dataclasses import dataclass

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from . import clock


class DocumentNumberCounter(db.Model):
    __tablename__ = "document_number_counter"
    __table_args__ = (UniqueConstraint("kind", "office_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class NumberSeries:
    """A document type's numbering: `kind` keys the counter, `prefix` is the 机关代字
    (e.g. 津市监审承), so a number reads 津市监审承〔2026〕12号."""

    kind: str
    prefix: str

    def format(self, year: int, number: int) -> str:
        return f"{self.prefix}〔{year}〕{number}号"


def next_number(kind: str, office_id: int, year: int, session=None) -> int:
    """Take the next number of the (kind, office, year) counter in the caller's transaction."""
    session = session or db.session
    key = (
        DocumentNumberCounter.kind == kind,
        DocumentNumberCounter.office_id == office_id,
        DocumentNumberCounter.year == year,
    )
    bump = (
        update(DocumentNumberCounter)
        .where(*key)
        .values(last_number=DocumentNumberCounter.last_number + 1)
        .returning(DocumentNumberCounter.last_number)
        .execution_options(synchronize_session=False)
    )
    while True:
        number = session.execute(bump).scalar()
        if number is not None:
            return number
        try:  # the first number of the year; a concurrent first insert wins, then we bump
            with session.begin_nested():
                session.execute(
                    insert(DocumentNumberCounter).values(kind=kind, office_id=office_id, year=year, last_number=1)
                )
            return 1
        except IntegrityError:
            continue


def allocate(series: NumberSeries, office_id: int, year: int | None = None, session=None) -> tuple[int, str]:
    """(sequence number, formatted number) for a document issued now by `office_id`."""
    year = year or clock.today().year
    number = next_number(series.kind, office_id, year, session)
    return number, series.format(year, number)
