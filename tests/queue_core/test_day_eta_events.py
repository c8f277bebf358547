"""Hall day, numbers, ETA and the events' wire form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from core_factories import T0

from queue_core import events as ev
from queue_core.eta import eta_minutes, mean_service_minutes
from queue_core.numbering import format_number, hall_day


@pytest.mark.parametrize(
    ("utc", "zone", "day"),
    [
        (datetime(2026, 11, 29, 16, 59, tzinfo=UTC), "Asia/Jakarta", "2026-11-29"),
        (datetime(2026, 11, 29, 17, 0, tzinfo=UTC), "Asia/Jakarta", "2026-11-30"),  # local midnight
        (datetime(2026, 11, 29, 16, 0, tzinfo=UTC), "Asia/Makassar", "2026-11-30"),  # UTC+8
        (datetime(2026, 11, 29, 15, 0, tzinfo=UTC), "Asia/Jayapura", "2026-11-30"),  # UTC+9
        (
            datetime(2026, 11, 29, 23, 59, tzinfo=UTC),
            "Asia/Jakarta",
            "2026-11-30",
        ),  # not the UTC date
    ],
)
def test_hall_day_is_the_local_date(utc: datetime, zone: str, day: str) -> None:
    assert hall_day(utc, zone).isoformat() == day


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        hall_day(datetime(2026, 1, 1), "Asia/Jakarta")


def test_numbers_have_three_digits_then_grow() -> None:
    assert [format_number("A", n) for n in (1, 17, 999, 1000)] == ["A001", "A017", "A999", "A1000"]


def test_eta_scales_with_position_and_counters() -> None:
    assert eta_minutes(0, 1, 10) == 5
    assert eta_minutes(9, 1, 10) == 95
    assert eta_minutes(9, 2, 10) == 48
    assert eta_minutes(3, 0, 10) is None


def test_learned_service_time_starts_at_the_configured_minutes() -> None:
    assert mean_service_minutes(10, []) == 10
    assert mean_service_minutes(10, [4, 4, 4]) == 7
    assert mean_service_minutes(10, [4] * 300) == pytest.approx(4.06, abs=0.01)


def test_event_wire_form_is_seq_type_at_data() -> None:
    event = ev.TicketCalled(
        at=T0,
        ticket_id=5,
        number="A005",
        service_id="ktp",
        counter_id=3,
        priority="elderly",
        status="called",
    )
    assert ev.event_json(12, event) == {
        "seq": 12,
        "type": "ticket.called",
        "at": "2026-11-30T02:00:00.000+00:00",
        "data": {
            "ticket_id": 5,
            "number": "A005",
            "service_id": "ktp",
            "counter_id": 3,
            "priority": "elderly",
            "status": "called",
        },
    }


def test_every_contract_event_type_has_a_class() -> None:
    contract = {
        "ticket.issued",
        "ticket.called",
        "ticket.recalled",
        "ticket.serving",
        "ticket.finished",
        "ticket.no_show",
        "ticket.transferred",
        "ticket.requeued",
        "ticket.cancelled",
        "ticket.expired",
        "counter.opened",
        "counter.paused",
        "counter.closed",
        "hall.announcement",
    }
    assert {cls.type for cls in ev.EVENT_TYPES} == contract


def test_other_services_at_shared_counters_lengthen_the_wait() -> None:
    from queue_core.eta import Backlog

    alone = eta_minutes(2, 1, 10)
    shared = eta_minutes(2, 1, 10, [Backlog(ahead=3, minutes=6, share=1.0)])
    half = eta_minutes(2, 1, 10, [Backlog(ahead=3, minutes=6, share=0.5)])
    assert (alone, shared, half) == (25, 43, 34)
