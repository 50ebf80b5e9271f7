"""Admin-edited working-day overrides and the years loaded as whole official schedules (CAL-1)."""
import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core import clock
from ..core.types import UTCDateTime, enum_column
from ..extensions import db


class DayKind(str, enum.Enum):
    WORK = "work"
    REST = "rest"

    @property
    def label(self) -> str:
        return {"work": "上班", "rest": "休息"}[self.value]


class CalendarOverride(db.Model):
    """One day whose status differs from (or confirms) the package / provisional schedule."""

    __tablename__ = "calendar_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[DayKind] = mapped_column(enum_column(DayKind, 10))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_by_name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    @property
    def is_work(self) -> bool:
        return self.kind == DayKind.WORK


class CalendarYear(db.Model):
    """A year whose whole official schedule was imported: it is no longer provisional, and its
    base is plain weekdays (the imported overrides carry the holidays and make-up days)."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    loaded_by_name: Mapped[str] = mapped_column(String(80), default="")
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
