"""Bookings through the REST API, in process, with the hall clock moved by the test.

The small test hall's `kk` service takes bookings: Monday–Friday 08:00–12:00, 30-minute
slots of 4 places, 7 days ahead, 60 minutes' lead, check-in from 30 minutes before to 15
minutes after the slot starts. The clock starts on Monday 30 November 2026, 09:00 WIB.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from inprocess import FakeClock, HallClient
from support import SMALL_HALL

TUESDAY = "2026-12-01"


def nik(n: int) -> str:
    """A valid NIK (Jakarta Pusat, Gambir), different for each n."""
    return f"31710115019{n:05d}"[:12] + f"{n % 9000 + 1:04d}"


def book(hall: HallClient, n: int = 1, **body: Any) -> Any:
    payload = {"service_id": "kk", "date": TUESDAY, "start": "08:00", "nik": nik(n), **body}
    return hall.client.post("/api/v1/bookings", json=payload)


def token_of(booking: dict[str, Any]) -> str:
    return str(booking["manage_url"].rsplit("/", 1)[1])


def error(reply: Any, status: int, code: str) -> dict[str, str]:
    assert reply.status_code == status, reply.text
    body = reply.json()["error"]
    assert body["code"] == code
    # Both languages, and really two languages (not one text twice).
    assert body["message"] and body["message_en"] and body["message"] != body["message_en"]
    return dict(body)


def at(clock: FakeClock, day: str, hhmm: str) -> None:
    """Move the hall clock to `day` `hhmm` WIB (UTC+7)."""
    hours, minutes = map(int, hhmm.split(":"))
    moment = datetime.fromisoformat(f"{day}T00:00:00+07:00").replace(hour=hours, minute=minutes)
    clock.set(moment.astimezone(UTC))


def hall_file(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "hall.toml"
    path.write_text(SMALL_HALL.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return path


# --- availability ---------------------------------------------------------------------------


def test_days_cover_the_window_and_say_why_a_day_is_closed(
    tmp_path: Path, clock: FakeClock
) -> None:
    hall_path = hall_file(tmp_path, '[[holidays]]\ndate = "2026-12-03"\nname = "Hari Uji"\n')
    with HallClient(tmp_path / "antre.db", clock, hall_path) as hall:
        days = {d["date"]: d for d in hall.client.get("/api/v1/services/kk/days").json()}
        assert len(days) == 8  # today and the next 7
        assert days["2026-12-03"] == {
            "date": "2026-12-03",
            "open": False,
            "reason": "holiday",
            "remaining": 0,
        }
        assert days["2026-12-05"]["reason"] == "closed_day"  # Saturday
        assert days[TUESDAY] == {"date": TUESDAY, "open": True, "reason": None, "remaining": 32}
        # Today at 09:00 with 60 minutes' lead: only 10:00–11:30 (4 slots) are ahead.
        assert days["2026-11-30"]["remaining"] == 16
        assert hall.client.get("/api/v1/services/kk/slots?date=2026-12-03").json() == []
        assert hall.client.get("/api/v1/services/kk/slots?date=2026-12-05").json() == []
        today = hall.client.get("/api/v1/services/kk/slots?date=2026-11-30").json()
        assert [s["start"] for s in today] == ["10:00", "10:30", "11:00", "11:30"]
        error(book(hall, date="2026-12-03"), 409, "day_closed")
        error(book(hall, date="2026-12-05"), 409, "day_closed")
        assert hall.client.get("/api/v1/hall").json()["holidays"] == [
            {"date": "2026-12-03", "name": "Hari Uji"}
        ]


def test_a_full_slot_is_listed_with_nothing_remaining(hall: HallClient) -> None:
    for n in range(4):
        assert book(hall, n).status_code == 201
    slots = hall.client.get(f"/api/v1/services/kk/slots?date={TUESDAY}").json()
    assert slots[0] == {"start": "08:00", "end": "08:30", "capacity": 4, "remaining": 0}
    assert slots[1]["remaining"] == 4
    error(book(hall, 9), 409, "slot_full")


# --- the rules of a booking -----------------------------------------------------------------


def test_every_booking_error_in_both_languages(hall: HallClient, clock: FakeClock) -> None:
    error(book(hall, date="2026-12-08"), 422, "booking_window")  # 8 days ahead
    error(book(hall, date="2026-11-29"), 422, "booking_window")  # yesterday
    error(book(hall, date="2026-11-30", start="09:30"), 422, "booking_window")  # within lead
    error(book(hall, start="08:10"), 409, "day_closed")  # no such slot
    error(book(hall, nik="3171011501900000"), 422, "invalid_nik")
    assert book(hall, 1).status_code == 201
    # One open booking per NIK per service per day; at most 2 open in all.
    error(book(hall, 1, start="09:00"), 409, "nik_booking_limit")
    assert book(hall, 1, date="2026-12-02").status_code == 201
    error(book(hall, 1, date="2026-12-04"), 409, "nik_booking_limit")
    missing = hall.client.get("/api/v1/bookings/by-token/" + "x" * 32)
    error(missing, 404, "not_found")


@pytest.mark.parametrize(
    "bad",
    [
        "317101150190001",  # 15 digits
        "31710115019000011",  # 17 digits
        "3171011501900000",  # serial 0000
        "0071011501900001",  # no such province
        "3171013202900001",  # 32 February
        "31710115019O0001",  # a letter O
    ],
)
def test_invalid_niks_are_refused_as_at_the_kiosk(hall: HallClient, bad: str) -> None:
    body = error(book(hall, nik=bad), 422, "invalid_nik")
    assert bad not in str(body)


def test_the_same_idempotency_key_returns_the_same_booking(hall: HallClient) -> None:
    first = book(hall, 1)
    assert first.status_code == 201
    key = {"Idempotency-Key": "abc-123"}
    payload = {"service_id": "kk", "date": TUESDAY, "start": "09:00", "nik": nik(2)}
    one = hall.client.post("/api/v1/bookings", json=payload, headers=key)
    again = hall.client.post("/api/v1/bookings", json=payload, headers=key)
    assert (one.status_code, again.status_code) == (201, 200)
    assert one.json() == again.json()
    other = hall.client.post("/api/v1/bookings", json={**payload, "start": "09:30"}, headers=key)
    error(other, 409, "idempotency_conflict")
    slots = hall.client.get(f"/api/v1/services/kk/slots?date={TUESDAY}").json()
    assert {s["start"]: s["remaining"] for s in slots}["09:00"] == 3


def test_anonymous_callers_are_limited_per_address_and_kiosks_are_not(
    tmp_path: Path, clock: FakeClock
) -> None:
    with HallClient(tmp_path / "antre.db", clock) as hall:
        hall.app.state.runtime.public_limit.per_minute = 3
        for n in range(3):
            assert book(hall, n, date="2026-12-02").status_code == 201
        limited = book(hall, 3)
        error(limited, 429, "rate_limited")
        assert int(limited.headers["Retry-After"]) >= 1
        kiosk = hall.post(
            "/api/v1/bookings",
            "kiosk",
            json={"service_id": "kk", "date": TUESDAY, "start": "08:00", "nik": nik(4)},
        )
        assert kiosk.status_code == 201


def test_contact_details_are_accepted_but_not_stored(hall: HallClient) -> None:
    reply = book(hall, 1, name="Siti Aminah", phone="+6281234567890", email="siti@example.id")
    assert reply.status_code == 201
    data = hall.db.read_bytes() + Path(f"{hall.db}-wal").read_bytes()
    for secret in (b"Siti Aminah", b"6281234567890", b"siti@example.id"):
        assert secret not in data


# --- cancel and move ------------------------------------------------------------------------


def test_cancel_frees_the_place_at_once(hall: HallClient) -> None:
    booking = book(hall, 1).json()
    token = token_of(booking)
    cancelled = hall.client.post(f"/api/v1/bookings/by-token/{token}/cancel")
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["code"] == booking["code"]
    slots = hall.client.get(f"/api/v1/services/kk/slots?date={TUESDAY}").json()
    assert slots[0]["remaining"] == 4
    error(
        hall.client.post(
            f"/api/v1/bookings/by-token/{token}/move", json={"date": TUESDAY, "start": "09:00"}
        ),
        409,
        "booking_cancelled",
    )


def test_a_move_to_a_full_slot_changes_nothing(hall: HallClient) -> None:
    booking = book(hall, 1).json()
    for n in range(10, 14):
        assert book(hall, n, start="09:00").status_code == 201
    token = token_of(booking)
    refused = hall.client.post(
        f"/api/v1/bookings/by-token/{token}/move", json={"date": TUESDAY, "start": "09:00"}
    )
    error(refused, 409, "slot_full")
    assert hall.client.get(f"/api/v1/bookings/by-token/{token}").json() == booking
    moved = hall.client.post(
        f"/api/v1/bookings/by-token/{token}/move", json={"date": "2026-12-02", "start": "10:00"}
    ).json()
    assert (moved["code"], moved["date"], moved["start"]) == (
        booking["code"],
        "2026-12-02",
        "10:00",
    )
    remaining = {
        s["start"]: s["remaining"]
        for s in hall.client.get(f"/api/v1/services/kk/slots?date={TUESDAY}").json()
    }
    assert remaining["08:00"] == 4  # the old place was released with the move


# --- check-in -------------------------------------------------------------------------------


def check_in(hall: HallClient, code: str, **body: Any) -> Any:
    return hall.post("/api/v1/tickets", "kiosk", json={"booking_code": code, **body})


@pytest.mark.parametrize(
    ("hhmm", "outcome"),
    [
        ("07:29", "too_early"),  # a minute before start - checkin_before
        ("07:30", 201),  # at it
        ("08:15", 201),  # at start + checkin_after
        ("08:16", "booking_expired"),  # a minute after
    ],
)
def test_check_in_window_edges(
    hall: HallClient, clock: FakeClock, hhmm: str, outcome: object
) -> None:
    booking = book(hall, 1).json()
    at(clock, TUESDAY, hhmm)
    reply = check_in(hall, booking["code"], nik_last4=nik(1)[-4:])
    if outcome == 201:
        assert reply.status_code == 201, reply.text
        ticket = reply.json()
        assert ticket["priority"] == "appointment"
        assert ticket["appointment_at"] == "2026-12-01T01:00:00.000+00:00"
    else:
        body = error(reply, 409, str(outcome))
        if outcome == "too_early":
            assert "pukul 07.30" in body["message"] and "07:30" in body["message_en"]


def test_a_second_check_in_returns_the_same_ticket(hall: HallClient, clock: FakeClock) -> None:
    booking = book(hall, 1).json()
    at(clock, TUESDAY, "07:50")
    first = check_in(hall, booking["code"], nik_last4=nik(1)[-4:])
    again = check_in(hall, booking["code"].lower().replace("-", ""), nik_last4=nik(1)[-4:])
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    token = token_of(booking)
    state = hall.client.get(f"/api/v1/bookings/by-token/{token}").json()
    assert (state["status"], state["ticket_id"]) == ("checked_in", first.json()["id"])


def test_unknown_code_and_wrong_digits_give_the_same_answer(
    hall: HallClient, clock: FakeClock
) -> None:
    booking = book(hall, 1).json()
    at(clock, TUESDAY, "07:50")
    wrong_digits = check_in(hall, booking["code"], nik_last4="9999")
    unknown = check_in(hall, "ZZZZ-ZZZZ", nik_last4=nik(1)[-4:])
    assert wrong_digits.status_code == unknown.status_code == 404
    assert wrong_digits.json() == unknown.json()


def test_a_card_read_must_be_the_booked_nik(hall: HallClient, clock: FakeClock) -> None:
    booking = book(hall, 1).json()
    at(clock, TUESDAY, "07:50")
    # Same last 4 digits, another person: refused (compared by HMAC, not by digits).
    impostor = nik(1)[:6] + "160190" + nik(1)[-4:]
    assert check_in(hall, booking["code"], nik=impostor).status_code == 404
    reply = check_in(hall, booking["code"], nik=nik(1))
    assert reply.status_code == 201 and reply.json()["nik_masked"].endswith(nik(1)[-4:])


def test_a_cancelled_booking_cannot_check_in(hall: HallClient, clock: FakeClock) -> None:
    booking = book(hall, 1).json()
    hall.client.post(f"/api/v1/bookings/by-token/{token_of(booking)}/cancel")
    at(clock, TUESDAY, "07:50")
    error(check_in(hall, booking["code"], nik_last4=nik(1)[-4:]), 409, "booking_cancelled")


def test_dispatch_takes_a_checked_in_booking_first_once_its_slot_begins(
    hall: HallClient, clock: FakeClock
) -> None:
    booking = book(hall, 1).json()
    at(clock, TUESDAY, "07:40")
    walk_in = hall.issue("kk")
    assert check_in(hall, booking["code"], nik_last4=nik(1)[-4:]).status_code == 201
    hall.post("/api/v1/counters/1/open", "operator")
    first = hall.post("/api/v1/counters/1/call-next", "operator").json()
    assert first["id"] == walk_in["id"]  # before 08:00 the booking waits like anyone
    hall.post(f"/api/v1/tickets/{first['id']}/no-show", "operator")
    later = hall.issue("kk")
    at(clock, TUESDAY, "08:00")
    called = hall.post("/api/v1/counters/1/call-next", "operator").json()
    assert called["priority"] == "appointment" and called["id"] != later["id"]


# --- expiry, strikes, suspension ------------------------------------------------------------


def expire(hall: HallClient) -> int:
    runtime = hall.app.state.runtime
    return int(hall.client.portal.call(runtime.expire_bookings))  # type: ignore[union-attr]


def test_expiry_strikes_and_suspension(hall: HallClient, clock: FakeClock) -> None:
    for n, day in enumerate(("2026-12-01", "2026-12-02", "2026-12-03")):
        at(clock, "2026-11-30", "09:00")
        clock.advance(days=n)
        reply = book(hall, 1, date=day)
        assert reply.status_code == 201, reply.text
        at(clock, day, "08:15")
        assert expire(hall) == 0  # still inside the check-in window
        at(clock, day, "08:16")
        assert expire(hall) == 1
        state = hall.client.get(f"/api/v1/bookings/by-token/{token_of(reply.json())}").json()
        assert state["status"] == "expired"
    events = hall.get("/api/v1/events?since=0").json()["events"]
    expired = [e for e in events if e["type"] == "booking.expired"]
    assert len(expired) == 3
    assert expired[0]["data"] == {
        "booking_id": 1,
        "service_id": "kk",
        "date": "2026-12-01",
        "start": "08:00",
        "status": "expired",
    }
    # Three no-shows within 30 days: no booking for 14 days from the last one.
    at(clock, "2026-12-04", "09:00")
    body = error(book(hall, 1, date="2026-12-07"), 409, "nik_suspended")
    assert "17-12-2026" in body["message"]
    assert book(hall, 2, date="2026-12-07").status_code == 201  # another NIK may
    at(clock, "2026-12-17", "09:00")
    assert book(hall, 1, date="2026-12-18").status_code == 201


def test_a_holiday_added_later_keeps_the_booking_and_flags_it(
    tmp_path: Path, clock: FakeClock
) -> None:
    # The holiday comes in while the server is stopped (`antre hall import`: the database
    # holds the hall after the first start); the console's live path is in
    # tests/queue_server/test_hall_config.py.
    from click.testing import CliRunner

    from queue_server.cli import main as antre_main

    def hall_import(path: Path) -> None:
        result = CliRunner().invoke(antre_main, ["hall", "import", str(path), "--db", str(db)])
        assert result.exit_code == 0, result.output

    db = tmp_path / "antre.db"
    with HallClient(db, clock) as hall:
        booking = book(hall, 1, date="2026-12-03").json()
        other = book(hall, 2).json()
    hall_import(hall_file(tmp_path, '[[holidays]]\ndate = "2026-12-03"\nname = "Cuti Bersama"\n'))
    with HallClient(db, clock) as hall:
        items = {b["id"]: b for b in hall.get("/api/v1/bookings", "supervisor").json()["items"]}
        assert items[booking["id"]]["affected"] is True
        assert items[booking["id"]]["status"] == "booked"
        assert items[other["id"]]["affected"] is False
    hall_import(SMALL_HALL)  # the holiday taken out again
    with HallClient(db, clock) as hall:
        state = hall.client.get(f"/api/v1/bookings/by-token/{token_of(booking)}").json()
        assert state["affected"] is False


# --- the staff list ---------------------------------------------------------------------------


def test_the_staff_list_pages_with_a_cursor_and_filters(hall: HallClient) -> None:
    for n in range(5):
        book(hall, n, start=["08:00", "08:30", "09:00", "09:30", "10:00"][n])
    page = hall.get("/api/v1/bookings?limit=2", "operator").json()
    assert len(page["items"]) == 2 and page["next"]
    rest = hall.get(f"/api/v1/bookings?limit=10&cursor={page['next']}", "operator").json()
    assert len(rest["items"]) == 3 and rest["next"] is None
    assert hall.get("/api/v1/bookings?service_id=pkb", "operator").json()["items"] == []
    assert len(hall.get(f"/api/v1/bookings?date={TUESDAY}&status=booked").json()["items"]) == 5


def test_the_ticker_expires_bookings_when_their_window_closes(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from support import wait_until

    from queue_server.runtime import HallRuntime

    monkeypatch.setattr(HallRuntime, "TICK", 0.02)
    with HallClient(tmp_path / "antre.db", clock) as hall:
        token = token_of(book(hall, 1).json())
        at(clock, TUESDAY, "08:16")

        def expired() -> bool:
            reply = hall.client.get(f"/api/v1/bookings/by-token/{token}")
            return bool(reply.json()["status"] == "expired")

        wait_until(expired, timeout=10, what="the ticker to expire the booking")


def test_an_operator_of_another_agency_sees_none_of_its_bookings(hall: HallClient) -> None:
    from datetime import timedelta

    from inprocess import password_hash

    from queue_server import auth
    from queue_server.store import connect, staff

    book(hall, 1)
    database = connect(hall.db)
    try:
        now = datetime.now(UTC)
        token = auth.new_token()
        user = staff.add_user(
            database.conn, "samsat-op", password_hash(), "operator", now, agency_id="samsat"
        )
        staff.add_session(database.conn, auth.hash_token(token), user, now + timedelta(days=1))
    finally:
        database.conn.close()
    samsat = {"Authorization": f"Bearer {token}"}
    assert hall.client.get("/api/v1/bookings", headers=samsat).json()["items"] == []
    assert hall.client.get("/api/v1/bookings?service_id=kk", headers=samsat).json()["items"] == []
    assert len(hall.get("/api/v1/bookings", "operator").json()["items"]) == 1
