"""APT-6 (000 网上预约办法 第十二条) exhaustively: every queue of up to 10 waiting tickets."""
import itertools

import pytest

from app.hall.services.order import APPOINTMENT as A, REGULAR as R, appointment_slot, with_appointment


def _reference(queue) -> int:
    """The rule said another way: before the second waiting regular ticket (everything between
    the first and the second regular ticket is an appointment ticket); at the end when fewer
    than two regular tickets wait."""
    regulars = [i for i, kind in enumerate(queue) if kind == R]
    return regulars[1] if len(regulars) >= 2 else len(queue)


ALL_QUEUES = [q for n in range(11) for q in itertools.product((R, A), repeat=n)]


def test_every_queue_up_to_ten_tickets():
    assert len(ALL_QUEUES) == 2047
    for queue in ALL_QUEUES:
        index = appointment_slot(queue)
        assert index == _reference(queue), queue
        after = with_appointment(queue)
        # the others keep their order; the new ticket is never ahead of the first regular one
        assert after[:index] + after[index + 1:] == list(queue)
        if R in queue:
            assert index > queue.index(R)
            assert all(kind == A for kind in after[queue.index(R) + 1:index + 1])


@pytest.mark.parametrize("queue, expected", [
    ([], [A]),                                   # empty hall: served first
    ([R], [R, A]),                               # right after the first regular ticket
    ([R, R, R], [R, A, R, R]),
    ([R, A, R], [R, A, A, R]),                   # after the appointments already behind it
    ([R, A, A, R, R], [R, A, A, A, R, R]),
    ([A, A], [A, A, A]),                         # no regular ticket waits: at the end
    ([A, R, R], [A, R, A, R]),                   # appointments ahead of the first regular stay
    ([R, A, A], [R, A, A, A]),
])
def test_the_seed_cases(queue, expected):
    assert with_appointment(queue) == expected


def test_a_run_of_check_ins_keeps_arrival_order():
    queue = [R, R, R]
    for _ in range(3):
        queue = with_appointment(queue)
    assert queue == [R, A, A, A, R, R]
