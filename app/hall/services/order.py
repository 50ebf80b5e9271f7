"""APT-6 as a pure function (no database), tested exhaustively.

000 网上预约办法 Art 12: the appointment ticket waits right after the first waiting regular
ticket; if appointment tickets already wait after that first regular ticket, after the last of
them and before the second regular ticket."""
from collections.abc import Sequence

REGULAR, APPOINTMENT = "R", "A"


def appointment_slot(waiting: Sequence[str]) -> int:
    """The index at which a new appointment ticket enters `waiting` (the kinds of the queue's
    waiting tickets, first to be called first): right after the first regular ticket and the
    appointment tickets that directly follow it; at the end when no regular ticket waits."""
    try:
        first_regular = waiting.index(REGULAR)
    except ValueError:
        return len(waiting)
    index = first_regular + 1
    while index < len(waiting) and waiting[index] == APPOINTMENT:
        index += 1
    return index


def with_appointment(waiting: Sequence[str]) -> list[str]:
    """The queue after one appointment ticket entered it."""
    index = appointment_slot(waiting)
    return [*waiting[:index], APPOINTMENT, *waiting[index:]]
