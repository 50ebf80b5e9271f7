"""The leaders' rollup: one row per local day, indicator and office with the numerator and
denominator of the figure (FBK-4, HOT-17, HOT-23, REV-6: statistics collected automatically).
Ratios over any period are exact because numerators and denominators are summed, never rates.
The table is derived data: the nightly job and the on-demand rebuild rewrite it from the raw
tables (app/leaders/services/rollup.py)."""
from datetime import date, datetime

from sqlalchemy import Date, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core import clock
from ..core.types import UTCDateTime
from ..extensions import db

NO_OFFICE = 0  # records without an office (an order not dispatched yet): city totals only


class DailyFigure(db.Model):
    __tablename__ = "leader_daily_figure"
    __table_args__ = (
        UniqueConstraint("day", "indicator", "office_id", name="uq_leader_daily_figure"),
        Index("ix_leader_daily_figure_indicator_day", "indicator", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    indicator: Mapped[str] = mapped_column(String(40))
    # No foreign keys: derived rows, rebuilt from the raw tables; 0 = no office.
    office_id: Mapped[int] = mapped_column(Integer)
    district_id: Mapped[int | None] = mapped_column(Integer, index=True)
    numerator: Mapped[float] = mapped_column(Float, default=0)
    denominator: Mapped[int] = mapped_column(Integer, default=0)


class RollupRun(db.Model):
    """One rebuild of the rollup (nightly or on demand), with its progress for the page."""
    __tablename__ = "leader_rollup_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default="queued")  # queued/running/done/failed
    done_steps: Mapped[int] = mapped_column(Integer, default=0)
    total_steps: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[float] = mapped_column(Float, default=0)
    requested_by_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def percent(self) -> int:
        return int(100 * self.done_steps / self.total_steps) if self.total_steps else 0
