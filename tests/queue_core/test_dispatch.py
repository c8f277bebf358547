"""Who is called next: domain.md's dispatch order, case by case."""

from __future__ import annotations

from datetime import timedelta

from core_factories import T0, ticket
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_core.dispatch import choose_next, position_on_arrival, queue_order
from queue_core.ticket import Priority, Ticket

NOW = T0 + timedelta(minutes=30)
WAITS = {"ktp": 60.0, "kk": 60.0, "akta": 15.0}


def next_of(
    tickets: list[Ticket],
    *,
    counter: int = 1,
    services: tuple[str, ...] = ("ktp",),
    streak: int = 0,
    k: int = 2,
    now=NOW,
):
    return choose_next(
        tickets,
        counter_id=counter,
        services=list(services),
        now=now,
        streak=streak,
        k=k,
        max_wait_minutes=WAITS,
    )


def call_sequence(tickets: list[Ticket], n: int, **kw) -> list[int]:
    """Call n times at one counter, as the server would, returning the ids in order."""
    pool, streak, order = list(tickets), 0, []
    for _ in range(n):
        chosen, streak = next_of(pool, streak=streak, **kw)
        if chosen is None:
            break
        order.append(chosen.id)
        pool.remove(chosen)
    return order


def test_longest_waiting_regular_goes_first() -> None:
    assert call_sequence([ticket(2, minute=5), ticket(1, minute=1), ticket(3, minute=9)], 3) == [
        1,
        2,
        3,
    ]


def test_priority_groups_go_before_regulars() -> None:
    tickets = [ticket(1, minute=1), ticket(2, minute=2, priority=Priority.ELDERLY)]
    assert call_sequence(tickets, 1) == [2]


def test_after_k_priority_calls_in_a_row_a_regular_is_called() -> None:
    tickets = (
        [ticket(1, minute=0)]
        + [
            ticket(i, minute=i, priority=p)
            for i, p in [
                (2, Priority.ELDERLY),
                (3, Priority.PREGNANT),
                (4, Priority.DISABILITY),
                (5, Priority.CHILD),
            ]
        ]
        + [ticket(6, minute=6)]
    )
    assert call_sequence(tickets, 6, k=2) == [2, 3, 1, 4, 5, 6]


def test_fairness_k_is_configurable() -> None:
    tickets = [ticket(1, minute=0)] + [
        ticket(i, minute=i, priority=Priority.ELDERLY) for i in range(2, 6)
    ]
    assert call_sequence(tickets, 5, k=3) == [2, 3, 4, 1, 5]


def test_priority_keeps_flowing_when_no_regular_waits() -> None:
    tickets = [ticket(i, minute=i, priority=Priority.ELDERLY) for i in range(1, 5)]
    assert call_sequence(tickets, 4, k=2) == [1, 2, 3, 4]


def test_streak_carries_over_between_calls_at_a_counter() -> None:
    tickets = [ticket(1, minute=0), ticket(2, minute=1, priority=Priority.ELDERLY)]
    chosen, streak = next_of(tickets, streak=2, k=2)
    assert chosen is not None and chosen.id == 1 and streak == 0


def test_regular_past_max_wait_goes_first_among_regulars() -> None:
    # akta allows 15 minutes; its ticket has waited 20 although it arrived after the ktp one.
    ktp = ticket(1, service="ktp", minute=5)
    akta = ticket(2, service="akta", minute=10, prefix="C")
    chosen, _ = next_of([ktp, akta], services=("ktp", "akta"), now=T0 + timedelta(minutes=30))
    assert chosen is not None and chosen.id == 2
    # Before it is overdue, plain arrival order holds.
    chosen, _ = next_of([ktp, akta], services=("ktp", "akta"), now=T0 + timedelta(minutes=20))
    assert chosen is not None and chosen.id == 1


def test_max_wait_does_not_jump_priority_groups() -> None:
    old = ticket(1, service="akta", minute=0, prefix="C")
    elderly = ticket(2, minute=25, priority=Priority.ELDERLY)
    chosen, _ = next_of([old, elderly], services=("ktp", "akta"))
    assert chosen is not None and chosen.id == 2


def test_ticket_transferred_to_this_counter_goes_first() -> None:
    tickets = [
        ticket(1, minute=0, priority=Priority.ELDERLY),
        ticket(2, minute=20, target=1),
    ]
    chosen, streak = next_of(tickets, counter=1)
    assert chosen is not None and chosen.id == 2 and streak == 0


def test_ticket_transferred_to_another_counter_is_not_called_here() -> None:
    tickets = [ticket(1, minute=0, target=2), ticket(2, minute=10)]
    chosen, _ = next_of(tickets, counter=1)
    assert chosen is not None and chosen.id == 2
    assert next_of([ticket(1, target=2)], counter=1)[0] is None


def test_due_appointment_goes_before_priority_groups() -> None:
    tickets = [
        ticket(1, minute=0, priority=Priority.ELDERLY),
        ticket(2, minute=25, priority=Priority.APPOINTMENT, appointment_minute=30),
    ]
    chosen, _ = next_of(tickets)
    assert chosen is not None and chosen.id == 2


def test_appointment_before_its_slot_waits_like_a_regular() -> None:
    tickets = [
        ticket(1, minute=0),
        ticket(2, minute=1, priority=Priority.APPOINTMENT, appointment_minute=45),
    ]
    assert call_sequence(tickets, 2) == [1, 2]


def test_counter_with_several_services_takes_the_longest_wait_across_them() -> None:
    tickets = [
        ticket(1, service="ktp", minute=10),
        ticket(2, service="kk", minute=3, prefix="B"),
        ticket(3, service="akta", minute=1, prefix="C"),
    ]
    assert call_sequence(tickets, 3, services=("ktp", "kk")) == [2, 1]


def test_equal_arrival_breaks_ties_by_the_counters_service_order() -> None:
    tickets = [ticket(1, service="ktp", minute=5), ticket(2, service="kk", minute=5, prefix="B")]
    assert call_sequence(tickets, 1, services=("kk", "ktp")) == [2]


def test_nobody_waiting_gives_none() -> None:
    assert next_of([]) == (None, 0)


def test_queue_order_matches_successive_calls() -> None:
    tickets = [
        ticket(1, minute=0),
        ticket(2, minute=1, priority=Priority.CHILD),
        ticket(3, minute=2),
        ticket(4, minute=3, priority=Priority.ELDERLY),
        ticket(5, minute=4, priority=Priority.ELDERLY),
    ]
    order = [
        t.id for t in queue_order(tickets, services=["ktp"], now=NOW, k=2, max_wait_minutes=WAITS)
    ]
    assert order == call_sequence(tickets, 10)


lanes = st.lists(st.sampled_from(["regular", "priority", "targeted"]), max_size=25)


@settings(max_examples=200, deadline=None)
@given(lanes, st.booleans(), st.integers(min_value=1, max_value=4))
def test_position_on_arrival_equals_the_full_queue_order(
    kinds: list[str], newcomer_priority: bool, k: int
) -> None:
    tickets = []
    for i, kind in enumerate(kinds, start=1):
        tickets.append(
            ticket(
                i,
                minute=i,
                priority=Priority.ELDERLY if kind == "priority" else Priority.REGULAR,
                target=9 if kind == "targeted" else None,
            )
        )
    new_id = len(kinds) + 1
    newcomer = ticket(
        new_id, minute=new_id, priority=Priority.ELDERLY if newcomer_priority else Priority.REGULAR
    )
    order = [
        t.id
        for t in queue_order(
            [*tickets, newcomer],
            services=["ktp"],
            now=T0 + timedelta(minutes=30),
            k=k,
            max_wait_minutes={"ktp": 999},
        )
    ]
    counts = {kind: kinds.count(kind) for kind in ("regular", "priority", "targeted")}
    assert position_on_arrival(**counts, due=0, is_priority=newcomer_priority, k=k) == order.index(
        new_id
    )
