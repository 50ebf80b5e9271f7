"""NBY-2 opening-hours rule: the 15 + 15 minutes count only while the centres are open
(working days, NEARBY_OPENING_HOURS, default 09:00-17:00 Beijing time). A case received at
16:55 has used 5 minutes by closing time; the other 10 run from 09:00 of the next working day.
With NEARBY_COUNT_OPENING_HOURS_ONLY off, minutes run in natural time (CAL-3)."""
from datetime import datetime, time, timedelta

from flask import current_app

from ..core import clock, workdays


def opening_hours() -> tuple[time, time]:
    start, _, end = current_app.config["NEARBY_OPENING_HOURS"].partition("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def add_minutes(start: datetime, minutes: int) -> datetime:
    """The moment `minutes` counted minutes after `start`."""
    if not current_app.config["NEARBY_COUNT_OPENING_HOURS_ONLY"]:
        return start + timedelta(minutes=minutes)
    opens, closes = opening_hours()
    local = clock.to_local(start)
    left = timedelta(minutes=minutes)
    day = local.date()
    while True:
        if workdays.is_workday(day):
            day_open = clock.local_datetime(day, opens.hour, opens.minute)
            day_close = clock.local_datetime(day, closes.hour, closes.minute)
            begin = max(local, day_open)
            if begin < day_close:
                if begin + left <= day_close:
                    return (begin + left).astimezone(start.tzinfo)
                left -= day_close - begin
        day += timedelta(days=1)
