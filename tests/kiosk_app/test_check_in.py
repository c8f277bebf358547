"""'Sudah booking?' at the kiosk against a real `antre serve`: the code typed on the big
keypad or the booking's QR read by a scanner that types like a keyboard, then the last 4
NIK digits or the e-KTP; the result is an appointment ticket, printed. Wrong digits and an
unknown code give the same words; a cancelled booking says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from pytestqt.qtbot import QtBot
from support import SMALL_HALL, Server

from kiosk_app.flow import KioskFlow, Screen
from queue_core.ticket import Priority

if TYPE_CHECKING:
    from conftest import FakePrinter

NIK = "3273014101900001"
WAIT_MS = 15_000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """The small hall with `kk` bookable around the clock, every day, and check-in open a
    day either side of the slot: the tests run at any hour."""
    text = SMALL_HALL.read_text(encoding="utf-8")
    text = text.replace(
        "[hall]\n", '[hall]\ndays = ["mon","tue","wed","thu","fri","sat","sun"]\n', 1
    )
    text = text.replace(
        "booking = {days_ahead = 7, lead_minutes = 60, checkin_before = 30, checkin_after = 15}",
        "booking = {days_ahead = 7, lead_minutes = 0, checkin_before = 1440, checkin_after = 1440}",
    )
    text = text.replace(
        'weekdays = ["mon", "tue", "wed", "thu", "fri"]\nstart = "08:00"\nend = "12:00"\nslot_minutes = 30',
        'weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\nstart = "00:00"\n'
        'end = "24:00"\nslot_minutes = 60',
    )
    hall = tmp_path / "hall.toml"
    hall.write_text(text, encoding="utf-8")
    running = Server(tmp_path / "antre.db", hall=hall).start()
    try:
        yield running
    finally:
        running.stop()


def book(server: Server, nik: str = NIK) -> dict[str, Any]:
    base = f"{server.url}/api/v1/services/kk"
    for day in (d["date"] for d in httpx.get(f"{base}/days").json() if d["open"]):
        for slot in httpx.get(f"{base}/slots", params={"date": day}).json():
            if slot["remaining"]:
                answer = httpx.post(
                    f"{server.url}/api/v1/bookings",
                    json={"service_id": "kk", "date": day, "start": slot["start"], "nik": nik},
                )
                assert answer.status_code == 201, answer.text
                return dict(answer.json())
    raise AssertionError("no open slot")


def reach(qtbot: QtBot, flow: KioskFlow, screen: Screen) -> None:
    qtbot.waitUntil(lambda: flow.screen is screen, timeout=WAIT_MS)


def type_code(flow: KioskFlow, code: str) -> None:
    for key in code.replace("-", ""):
        flow.press_code_key(key)


def test_a_booking_checks_in_by_typed_code_and_last_4_digits(
    qtbot: QtBot, server: Server, flow: KioskFlow, fake_printer: FakePrinter
) -> None:
    booking = book(server)
    flow.have_booking()
    assert flow.screen is Screen.BOOKING_CODE and not flow.can_confirm_code()
    type_code(flow, booking["code"])
    flow.press_code_key("Q")  # a ninth key: ignored
    assert flow.shown_code() == booking["code"]
    flow.confirm_code()
    assert flow.screen is Screen.BOOKING_DIGITS
    for digit in NIK[-4:]:
        flow.press_booking_digit(digit)
    flow.confirm_booking_digits()
    reach(qtbot, flow, Screen.RESULT)
    assert flow.ticket is not None and flow.ticket.priority is Priority.APPOINTMENT
    assert flow.ticket.appointment_at is not None
    qtbot.waitUntil(lambda: flow.print_result is not None, timeout=WAIT_MS)
    assert flow.ticket.number.encode() in bytes(fake_printer.received)
    token = booking["manage_url"].rsplit("/", 1)[1]
    after = httpx.get(f"{server.url}/api/v1/bookings/by-token/{token}").json()
    assert after["status"] == "checked_in" and after["ticket_id"] == flow.ticket.id


def test_a_scanned_qr_finds_the_booking_and_an_ektp_read_checks_in(
    qtbot: QtBot, server: Server, flow: KioskFlow
) -> None:
    booking = book(server)
    flow.nik_read(booking["manage_url"] + "\n", "wedge")  # the scanner types the QR's URL
    reach(qtbot, flow, Screen.BOOKING_DIGITS)
    assert flow.shown_booking_code() == booking["code"]
    flow.nik_read(NIK, "pcsc")  # the e-KTP on the reader
    reach(qtbot, flow, Screen.RESULT)
    assert flow.ticket is not None and flow.ticket.priority is Priority.APPOINTMENT
    assert not flow.holds_nik()


def test_wrong_digits_and_an_unknown_code_get_the_same_words(
    qtbot: QtBot, server: Server, flow: KioskFlow
) -> None:
    booking = book(server)
    said = []
    for code, digits in ((booking["code"], "9999"), ("ZZZZ-ZZZZ", NIK[-4:])):
        flow.have_booking()
        type_code(flow, code)
        flow.confirm_code()
        for digit in digits:
            flow.press_booking_digit(digit)
        flow.confirm_booking_digits()
        reach(qtbot, flow, Screen.NOTICE)
        assert flow.notice is not None
        said.append(flow.notice)
        flow.back()
        assert flow.screen is Screen.ATTRACT
    assert said[0] == said[1]
    assert "tidak cocok" in said[0][0]


def test_a_cancelled_booking_is_told_so(qtbot: QtBot, server: Server, flow: KioskFlow) -> None:
    booking = book(server)
    token = booking["manage_url"].rsplit("/", 1)[1]
    assert httpx.post(f"{server.url}/api/v1/bookings/by-token/{token}/cancel").status_code == 200
    flow.toggle_language()
    flow.nik_read(booking["code"], "wedge")  # a QR holding just the code
    reach(qtbot, flow, Screen.BOOKING_DIGITS)
    for digit in NIK[-4:]:
        flow.press_booking_digit(digit)
    flow.confirm_booking_digits()
    reach(qtbot, flow, Screen.NOTICE)
    assert flow.notice is not None and "cancelled" in flow.notice[1]


def test_a_scan_is_ignored_in_the_middle_of_a_walk_in(flow: KioskFlow) -> None:
    flow.begin()
    flow.choose_service("kk")
    flow.nik_read("http://hall/b/abcdefghijklmnopqrstuvwxyz", "wedge")
    # Taken as a (bad) NIK reading, as any other burst there: no check-in starts.
    assert not flow.checking_in and flow.screen is not Screen.BOOKING_DIGITS
    assert flow.service is not None and flow.service.id == "kk"
