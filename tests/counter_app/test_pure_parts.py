"""The counter app's plain-Python parts: the queue as the server orders it, figures, finding
today in the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from counter_app.figures import today_figures
from counter_app.today import first_seq_since, service_events_today
from counter_app.words import clock, decimal_minutes, minutes
from queue_client import HallClient
from queue_client.models import Agency, Event, EventPage, Hall, Ticket
from queue_core.ticket import Priority, TicketStatus

NINE = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 09:00 WIB


def ticket(
    id: int,
    service: str,
    position: int | None,
    *,
    priority: Priority = Priority.REGULAR,
    issued: int = 0,
    status: TicketStatus = TicketStatus.WAITING,
    counter_id: int | None = None,
    called: int | None = None,
) -> Ticket:
    return Ticket(
        id=id,
        number=f"{service[0].upper()}{id:03d}",
        service_id=service,
        status=status,
        priority=priority,
        issued_at=NINE + timedelta(minutes=issued),
        called_at=NINE + timedelta(minutes=called) if called is not None else None,
        counter_id=counter_id,
        recalls=0,
        position=position,
        eta_minutes=None,
        tracking_token="",
        tracking_url="",
        nik_masked=None,
    )


def test_the_servers_order_is_kept_and_who_left_since_drops_out_at_once() -> None:
    from counter_app.queue_line import QueueAnswer
    from counter_app.state import CounterState
    from queue_core.counter import CounterStatus

    state = CounterState(2, ["kk", "akta"], CounterStatus.OPEN)
    # The server's dispatch order: a priority citizen of akta first, then kk's regulars.
    listed = (
        ticket(3, "akta", 0, priority=Priority.ELDERLY),
        ticket(1, "kk", 0),
        ticket(2, "kk", 1),
    )
    state.replace_queue(QueueAnswer(head=10, tickets=listed, counts={"kk": 5, "akta": 1}))
    assert [t.id for t in state.call_order()] == [3, 1, 2]

    # Another counter calls ticket 1 (seq 11), a new ticket 4 is issued (seq 12): the list
    # changes at once; the new one goes last until the next read places it.
    state.fold(
        Event(11, "ticket.called", NINE, {**_data(1, "kk"), "status": "called", "counter_id": 1})
    )
    state.fold(Event(12, "ticket.issued", NINE, {**_data(4, "akta"), "status": "waiting"}))
    assert [t.id for t in state.call_order()] == [3, 2, 4]
    # Counts cover the whole queue (the server's), corrected for what moved since.
    assert list(state.counts().items()) == [("kk", 4), ("akta", 2)]


def _data(ticket_id: int, service: str) -> dict[str, object]:
    return {
        "ticket_id": ticket_id,
        "number": f"{service[0].upper()}{ticket_id:03d}",
        "service_id": service,
        "counter_id": None,
        "priority": "regular",
    }


def test_a_read_that_already_knows_an_event_is_not_undone_by_it() -> None:
    from counter_app.queue_line import QueueAnswer
    from counter_app.state import CounterState
    from queue_core.counter import CounterStatus

    state = CounterState(2, ["kk"], CounterStatus.OPEN)
    # The queue read at head 12 lists 50 of 80; ticket 99 (issued at seq 12) is beyond them.
    state.replace_queue(QueueAnswer(head=12, tickets=(ticket(1, "kk", 0),), counts={"kk": 80}))
    state.fold(
        Event(12, "ticket.issued", NINE, {**_data(99, "kk"), "status": "waiting"}), queue_knows=True
    )
    assert [t.id for t in state.call_order()] == [1]
    assert state.counts() == {"kk": 80}


def event(seq: int, kind: str, ticket_id: int, counter_id: int | None, at: datetime) -> Event:
    data = {"ticket_id": ticket_id, "counter_id": counter_id, "status": "x"}
    return Event(seq, kind, at, data)


def test_figures_count_this_counters_work_only() -> None:
    handled = [
        ticket(1, "kk", None, status=TicketStatus.DONE, counter_id=2, issued=0, called=10),
        ticket(2, "kk", None, status=TicketStatus.NO_SHOW, counter_id=2, issued=0, called=20),
        ticket(3, "kk", None, status=TicketStatus.DONE, counter_id=1, issued=0, called=5),
    ]
    events = [
        event(1, "ticket.serving", 1, 2, NINE + timedelta(minutes=11)),
        event(2, "ticket.serving", 3, 1, NINE + timedelta(minutes=6)),
        event(3, "ticket.finished", 1, 2, NINE + timedelta(minutes=19)),
        event(4, "ticket.finished", 3, 1, NINE + timedelta(minutes=30)),
    ]
    figures = today_figures(handled, events, counter_id=2)
    assert (figures.served, figures.no_shows, figures.timed, figures.called) == (1, 1, 1, 2)
    assert figures.mean_service == timedelta(minutes=8)
    assert figures.mean_wait == timedelta(minutes=15)


class FakeLog:
    """GET /events over a list: what the bisection and the paging see."""

    def __init__(self, events: list[Event]) -> None:
        self.log = events
        self.reads = 0

    def events(self, since: int = 0, limit: int = 100) -> EventPage:
        self.reads += 1
        page = [e for e in self.log if e.seq > since][:limit]
        return EventPage(tuple(page), self.log[-1].seq if self.log else 0)


def test_todays_events_are_found_by_bisection_not_by_reading_the_whole_log() -> None:
    yesterday = NINE - timedelta(days=1)
    log = [event(s, "ticket.issued", s, None, yesterday) for s in range(1, 5001)]
    log += [
        event(5001, "ticket.serving", 77, 2, NINE),
        event(5002, "ticket.serving", 78, 3, NINE),
        event(5003, "ticket.finished", 77, 2, NINE + timedelta(minutes=7)),
        event(5004, "ticket.finished", 78, 3, NINE + timedelta(minutes=9)),
    ]
    fake = FakeLog(log)
    client = cast(HallClient, fake)
    midnight = datetime(2026, 11, 29, 17, 0, tzinfo=UTC)  # 30 Nov 00:00 WIB
    assert first_seq_since(client, midnight, head=5004) == 5001
    assert fake.reads <= 14

    hall = Hall("MPP", "Asia/Jakarta", NINE.date(), (Agency("a", "A", "A"),))
    found = service_events_today(client, hall, counter_id=2, up_to=5003)
    assert [e.seq for e in found] == [5001, 5003]


def test_durations_read_as_the_hall_says_them() -> None:
    assert minutes(timedelta(minutes=7, seconds=20)) == "7 mnt"
    assert minutes(timedelta(minutes=65)) == "1 j 05 mnt"
    assert minutes(None) == "–"
    assert clock(timedelta(seconds=45)) == "0:45"
    assert decimal_minutes(timedelta(seconds=450)) == "7,5 mnt"


def ticket_event(seq: int, kind: str, status: str, counter_id: int | None = None) -> Event:
    data = {
        "ticket_id": 9,
        "number": "B009",
        "service_id": "kk",
        "counter_id": counter_id,
        "priority": "regular",
        "status": status,
    }
    return Event(seq, kind, NINE + timedelta(minutes=seq), data)


def test_events_fold_into_the_counters_state_and_folding_twice_changes_nothing() -> None:
    from counter_app.state import CounterState
    from queue_core.counter import CounterStatus

    state = CounterState(2, ["kk", "akta"], CounterStatus.OPEN)
    story = [
        ticket_event(1, "ticket.issued", "waiting"),
        ticket_event(2, "ticket.called", "called", counter_id=2),
        ticket_event(3, "ticket.serving", "serving", counter_id=2),
    ]
    for e in story:
        state.fold(e)
        state.fold(e)
    assert state.waiting == {}
    assert state.current is not None and state.current.status is TicketStatus.SERVING
    assert state.current.called_at == NINE + timedelta(minutes=2)
    assert state.serving_since() == NINE + timedelta(minutes=3)

    state.fold(ticket_event(4, "ticket.transferred", "waiting", counter_id=1))
    assert state.current is None and state.handled == {}
    assert list(state.waiting) == [9] and state.waiting[9].position is None

    state.fold(Event(5, "counter.paused", NINE, {"counter_id": 2, "status": "paused"}))
    state.fold(Event(6, "counter.closed", NINE, {"counter_id": 3, "status": "closed"}))
    assert state.status is CounterStatus.PAUSED  # another counter's event is not ours
    assert not state.concerns(Event(7, "counter.opened", NINE, {"counter_id": 3}))


def test_an_operator_of_one_agency_is_offered_only_its_counters(qapp) -> None:
    from counter_app.choice import CounterChoice
    from counter_app.signin import Workplace
    from queue_client.models import Counter, Hall

    hall = Hall.from_json(
        {
            "name": "MPP",
            "timezone": "Asia/Jakarta",
            "day": "2026-11-30",
            "agencies": [
                {"id": "dukcapil", "name": "Dukcapil", "short": "Dukcapil"},
                {"id": "samsat", "name": "Samsat", "short": "Samsat"},
            ],
        }
    )
    counters = tuple(
        Counter.from_json(
            {
                "id": i,
                "name": f"Loket {i}",
                "agency_id": agency,
                "zone": "A",
                "service_ids": [],
                "status": "closed",
                "current": None,
            }
        )
        for i, agency in ((1, "dukcapil"), (2, "dukcapil"), (3, "samsat"))
    )
    everyone = Workplace(None, "sari", "supervisor", hall, (), counters)  # type: ignore[arg-type]
    samsat_only = Workplace(None, "dewi", "operator", hall, (), counters, "samsat")  # type: ignore[arg-type]
    assert [c.id for c in CounterChoice(everyone).counters] == [1, 2, 3]
    choice = CounterChoice(samsat_only)
    assert [c.id for c in choice.counters] == [3]
    assert [name for name, _ in choice.grouped()] == ["Samsat"]
    chosen = []
    choice.chosen.connect(chosen.append)
    choice.choose(1)  # a remembered Dukcapil loket is not offered any more
    choice.choose(3)
    assert chosen == [3]


def test_an_appointment_shows_its_booked_slot_in_the_hall_time() -> None:
    from counter_app.words import ticket_priority

    answer = {
        "id": 7,
        "number": "B007",
        "service_id": "kk",
        "status": "waiting",
        "priority": "appointment",
        "issued_at": "2026-11-30T02:00:00+00:00",
        "counter_id": None,
        "position": 0,
        "eta_minutes": None,
        "nik_masked": None,
        "appointment_at": "2026-11-30T03:30:00+00:00",  # 10:30 WIB, 11:30 WITA
    }
    booked = Ticket.from_json(answer)
    assert booked.appointment_at == datetime(2026, 11, 30, 3, 30, tzinfo=UTC)
    assert ticket_priority(booked, "Asia/Jakarta").endswith(" 10:30")
    assert ticket_priority(booked, "Asia/Makassar").endswith(" 11:30")
    walk_in = ticket(8, "kk", 1, priority=Priority.ELDERLY)
    assert ticket_priority(walk_in, "Asia/Jakarta") == ticket_priority(walk_in, "Asia/Makassar")
