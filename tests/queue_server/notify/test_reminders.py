"""Booking messages: the confirmation now, a reminder at each `remind` time still ahead,
reminders that follow a move and vanish with a cancel — all stored in the booking's own
transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from inprocess import FakeClock, HallClient
from notify_sinks import hall_with_channels
from support import free_port

from queue_server.actions import Tx
from queue_server.notify import Contact
from queue_server.notify.texts import BookingFacts
from queue_server.store import notify as rows

# Monday 30 Nov 2026, 09:00 WIB (the fake clock's start); the booking: Wednesday 10:00 WIB.
WEDNESDAY_10_WIB = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
FACTS = BookingFacts(
    hall="MPP Uji Coba",
    service="Kartu Keluarga",
    service_en="Family card",
    day=date(2026, 12, 2),
    start="10:00",
    code="7KQ2-M9XD",
    manage_url="http://mpp.example/b/abc",
)


@pytest.fixture
def hall(tmp_path: Path, clock: FakeClock) -> Iterator[HallClient]:
    path = hall_with_channels(tmp_path, free_port(), f"http://127.0.0.1:{free_port()}/x")
    with HallClient(tmp_path / "antre.db", clock, hall=path) as client:
        yield client


def messages(hall: HallClient, ref: str) -> list[tuple[str, str, str, str]]:
    runtime = hall.app.state.runtime
    return [(m.kind, m.channel, m.send_after, m.status) for m in rows.by_ref(runtime.reader, ref)]


def book(hall: HallClient, ref: str, contact: Contact, start: datetime = WEDNESDAY_10_WIB) -> int:
    runtime = hall.app.state.runtime
    outbox = runtime.notify.outbox

    def action(tx: Tx) -> int:
        contact_id = outbox.add_contact(tx, contact, FACTS.day)
        outbox.booking_created(tx, ref, contact_id, FACTS, start, "id")
        return contact_id or 0

    return int(runtime.writer.run(action))


def test_a_booking_queues_its_confirmation_and_reminders_per_channel(hall: HallClient) -> None:
    book(hall, "b1", Contact(phone="081234567890", email="budi@contoh.example"))
    queued = messages(hall, "b1")
    reminders = sorted({m[2] for m in queued if m[0] == "booking.reminder"})
    # "-1d 16:00": Tuesday 16:00 WIB = 09:00 UTC; "-60m": Wednesday 09:00 WIB = 02:00 UTC.
    assert reminders == ["2026-12-01T09:00:00+00:00", "2026-12-02T02:00:00+00:00"]
    assert sorted(m[1] for m in queued if m[0] == "booking.confirmed") == ["email", "whatsapp"]
    assert len(queued) == 6


def test_only_the_channels_that_can_reach_the_contact_get_a_message(hall: HallClient) -> None:
    book(hall, "b1", Contact(phone="081234567890"))
    assert {m[1] for m in messages(hall, "b1")} == {"whatsapp"}
    book(hall, "b2", Contact(name="Budi"))  # a name reaches nobody
    assert messages(hall, "b2") == []


def test_a_reminder_already_past_is_not_sent(hall: HallClient) -> None:
    # Booked Monday 09:00 for Monday 09:45: neither reminder time is still ahead.
    book(hall, "b1", Contact(phone="081234567890"), datetime(2026, 11, 30, 2, 45, tzinfo=UTC))
    assert [m[0] for m in messages(hall, "b1")] == ["booking.confirmed"]


def test_a_move_replaces_the_reminders_and_a_cancel_drops_them(hall: HallClient) -> None:
    contact_id = book(hall, "b1", Contact(phone="081234567890"))
    runtime = hall.app.state.runtime
    outbox = runtime.notify.outbox
    thursday = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
    moved = BookingFacts(**{**FACTS.__dict__, "day": date(2026, 12, 3)})
    runtime.writer.run(lambda tx: outbox.booking_moved(tx, "b1", contact_id, moved, thursday))
    reminders = sorted(m[2] for m in messages(hall, "b1") if m[0] == "booking.reminder")
    assert reminders == ["2026-12-02T09:00:00+00:00", "2026-12-03T02:00:00+00:00"]

    runtime.writer.run(lambda tx: outbox.booking_cancelled(tx, "b1", contact_id, moved))
    kinds = [m[0] for m in messages(hall, "b1")]
    assert "booking.reminder" not in kinds and kinds[-1] == "booking.cancelled"


def test_a_move_keeps_the_contact_counted_from_the_new_date(hall: HallClient) -> None:
    contact_id = book(hall, "b1", Contact(phone="081234567890"))
    runtime = hall.app.state.runtime
    outbox = runtime.notify.outbox
    later = BookingFacts(**{**FACTS.__dict__, "day": date(2026, 12, 7)})
    runtime.writer.run(
        lambda tx: outbox.booking_moved(
            tx, "b1", contact_id, later, datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
        )
    )
    sealed = rows.contact(runtime.reader, contact_id)
    assert sealed is not None and sealed.keep_until == "2027-01-06"
