"""Every transition of domain.md's ticket life, and every illegal one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from core_factories import T0, ticket

from queue_core import ticket as sm
from queue_core.errors import InvalidTransition
from queue_core.ticket import Ticket, TicketStatus

NOW = T0 + timedelta(minutes=5)

MOVES: dict[str, Callable[[Ticket], sm.Change]] = {
    "call": lambda t: sm.call(t, 3, NOW),
    "recall": lambda t: sm.recall(t, NOW),
    "start": lambda t: sm.start(t, NOW),
    "finish": lambda t: sm.finish(t, NOW),
    "no_show": lambda t: sm.no_show(t, NOW),
    "requeue": lambda t: sm.requeue(t, NOW),
    "transfer": lambda t: sm.transfer(t, "kk", None, NOW),
    "cancel": lambda t: sm.cancel(t, NOW),
    "expire": lambda t: sm.expire(t, NOW),
}

ALLOWED = {
    ("waiting", "call"): "called",
    ("waiting", "cancel"): "cancelled",
    ("waiting", "expire"): "expired",
    ("called", "recall"): "called",
    ("called", "start"): "serving",
    ("called", "no_show"): "no_show",
    ("called", "transfer"): "waiting",
    ("called", "expire"): "expired",
    ("serving", "finish"): "done",
    ("serving", "transfer"): "waiting",
    ("no_show", "requeue"): "waiting",
}

EVENT_OF = {
    "call": "ticket.called",
    "recall": "ticket.recalled",
    "start": "ticket.serving",
    "finish": "ticket.finished",
    "no_show": "ticket.no_show",
    "requeue": "ticket.requeued",
    "transfer": "ticket.transferred",
    "cancel": "ticket.cancelled",
    "expire": "ticket.expired",
}


def in_status(status: TicketStatus) -> Ticket:
    from dataclasses import replace

    return replace(
        ticket(1), status=status, counter_id=3 if status is not TicketStatus.WAITING else None
    )


@pytest.mark.parametrize("status", list(TicketStatus))
@pytest.mark.parametrize("move", list(MOVES))
def test_each_move_from_each_status_follows_the_ticket_life(
    status: TicketStatus, move: str
) -> None:
    before = in_status(status)
    expected = ALLOWED.get((status.value, move))
    if expected is None:
        with pytest.raises(InvalidTransition) as caught:
            MOVES[move](before)
        assert before.number in caught.value.message and caught.value.message_en
        return
    after, events = MOVES[move](before)
    assert after.status.value == expected
    assert [e.type for e in events] == [EVENT_OF[move]]
    assert events[0].data()["status"] == expected


def test_call_puts_ticket_at_the_counter_and_stamps_the_time() -> None:
    called, _ = sm.call(ticket(1), 7, NOW)
    assert called.counter_id == 7 and called.called_at == NOW and called.recalls == 0


def test_recall_counts_recalls_and_keeps_the_counter() -> None:
    called, _ = sm.call(ticket(1), 7, NOW)
    again, events = sm.recall(called, NOW)
    again, _ = sm.recall(again, NOW)
    assert again.recalls == 2 and again.counter_id == 7 and events[0].data()["counter_id"] == 7


def test_transfer_keeps_number_and_rejoins_the_back_of_the_new_queue() -> None:
    called, _ = sm.call(ticket(1, service="ktp"), 7, NOW)
    later = NOW + timedelta(minutes=3)
    moved, events = sm.transfer(called, "kk", 2, later)
    assert moved.number == called.number and moved.prefix == "A"
    assert moved.service_id == "kk" and moved.queued_at == later
    assert moved.counter_id is None and moved.target_counter_id == 2
    assert events[0].data() == {
        "ticket_id": 1,
        "number": "A001",
        "service_id": "kk",
        "counter_id": 2,
        "priority": "regular",
        "status": "waiting",
    }


def test_requeued_no_show_waits_again_at_the_back() -> None:
    called, _ = sm.call(ticket(1), 7, NOW)
    gone, _ = sm.no_show(called, NOW)
    later = NOW + timedelta(minutes=20)
    back, _ = sm.requeue(gone, later)
    assert (
        back.status is TicketStatus.WAITING and back.queued_at == later and back.counter_id is None
    )


def test_illegal_move_leaves_the_ticket_untouched() -> None:
    done = in_status(TicketStatus.DONE)
    with pytest.raises(InvalidTransition):
        sm.call(done, 1, NOW)
    assert done.status is TicketStatus.DONE
